/**
 * The end-of-day report's content, gathered from stored evidence of one day (local midnight to
 * midnight, or to now while the day runs): nothing after the window's end is read, so the report
 * of a past day can be generated again with the same answer.
 */
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { EodContent, StandupNote } from '../../../shared/domain/reports.js';
import { ThresholdVerdictSchema } from '../../../shared/domain/load.js';
import { verdictLine } from '../../../shared/format/load.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { dayBounds } from '../../../shared/util/calendar-day.js';
import type { DayEvidenceReader } from '../store/repos/day-evidence-reader.js';
import { downtimeIn } from './downtime.js';
import type { StatusReader } from './downtime.js';
import type { PlanReader } from './plan-port.js';

/** What the report reads of the go/no-go board: its evaluation at a moment. */
export interface BoardAt {
  at(asOf: number): { score: number; verdict: string; toGo: { title: string }[] | null };
}

export interface EodSources {
  config: Pick<WarroomConfig, 'name' | 'services'>;
  environment: string;
  evidence: DayEvidenceReader;
  status: StatusReader;
  board: BoardAt;
  plan: PlanReader;
  standups: (day: string) => StandupNote[];
}

export function gatherEod(sources: EodSources, day: string, now: number): EodContent {
  const { fromAt, toAt: endOfDay } = dayBounds(day);
  if (fromAt > now) throw new RangeError(`${day} has not begun yet`);
  const toAt = Math.min(endOfDay, now);
  const env = sources.environment;

  const loadRuns = sources.evidence.loadRuns(env, fromAt, toAt).map((run) => ({
    id: run.id,
    profile: run.profile,
    // A run still going at the window's end (or past midnight) was running as far as this day knows.
    state: run.endedAt !== null && run.endedAt < toAt ? run.state : 'running',
    actor: run.actor,
    startedAt: run.startedAt,
    endedAt: run.endedAt !== null && run.endedAt < toAt ? run.endedAt : null,
    requests: run.requests,
    rps: run.rps,
    p95Ms: run.p95Ms,
    errorRate: run.errorRate,
    why: run.error ?? describeThreshold(run.decidedBy),
  }));
  const scans = sources.evidence.scans(fromAt, toAt);
  const actionRuns = sources.evidence.actionRuns(env, fromAt, toAt);
  const health = Object.entries(sources.config.services).map(([service, spec]) => ({ service, name: spec.name, ...downtimeIn(sources.status, { service, environment: env }, fromAt, toAt) }));
  const today = sources.board.at(toAt);
  const yesterday = ((): number | null => {
    try {
      return sources.board.at(fromAt - 1).score;
    } catch {
      // A board that cannot be read as of yesterday (config changed since) has no comparison, not a made-up one.
      return null;
    }
  })();
  const latestNotes = new Map<string, StandupNote>();
  for (const note of sources.standups(day)) latestNotes.set(note.person, note);
  const standups = [...latestNotes.values()].map(({ person, yesterday: y, today: t, blockers }) => ({ person, yesterday: y, today: t, blockers }));
  const plan = sources.plan.tasksForDay(day, toAt);
  const openFindings = sources.evidence.openFindingsAt(toAt);

  const content: Omit<EodContent, 'nextSteps'> = {
    day,
    environment: env,
    title: `${sources.config.name}: end of day ${day}`,
    fromAt,
    toAt,
    generatedAt: now,
    plan,
    loadRuns,
    scans,
    openFindings,
    actionRuns,
    health,
    score: { today: today.score, verdict: today.verdict, yesterday },
    standups,
  };
  return { ...content, nextSteps: nextSteps(content, today.toGo, toAt) };
}

/** Next steps named by the evidence itself: what is open, blocked, failed or down. Nothing invented. */
function nextSteps(content: Omit<EodContent, 'nextSteps'>, toGo: { title: string }[] | null, toAt: number): string[] {
  const steps: string[] = [];
  for (const task of content.plan?.blocked ?? []) steps.push(`Unblock "${task.text}"${task.reason ? ` (${task.reason})` : ''}`);
  for (const note of content.standups) if (note.blockers.trim()) steps.push(`Clear ${note.person}'s blocker: ${note.blockers.trim()}`);
  for (const task of content.plan?.open ?? []) steps.push(`Finish "${task.text}"${task.owner ? ` (${task.owner})` : ''}`);
  const lastRunOf = new Map<string, EodContent['loadRuns'][number]>();
  for (const run of content.loadRuns) lastRunOf.set(run.profile, run);
  for (const run of lastRunOf.values()) {
    if (run.state === 'failed' || run.state === 'aborted') steps.push(`Load profile ${run.profile} ${run.state}${run.why ? ` (${run.why})` : ''}: fix and run it again`);
  }
  const open = content.openFindings;
  if (open && open.critical + open.high > 0) steps.push(`Fix or triage ${open.critical} critical and ${open.high} high open findings`);
  for (const service of content.health) {
    const last = service.incidents.at(-1);
    if (last && last.toAt === null) steps.push(`Restore ${service.name}: down for ${formatDuration(toAt - last.fromAt)}${last.reason ? ` (${last.reason})` : ''}`);
  }
  for (const item of toGo ?? []) steps.push(`To GO: ${item.title}`);
  return steps;
}

function describeThreshold(decidedBy: string | null): string | null {
  if (!decidedBy) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decidedBy);
  } catch {
    return 'a threshold failed';
  }
  const verdict = ThresholdVerdictSchema.safeParse(parsed);
  return verdict.success ? `failed ${verdictLine(verdict.data)}` : 'a threshold failed';
}
