/**
 * Stand-up notes and end-of-day reports: notes are stored per day and person and audited; a report
 * is gathered from the day's stored evidence, rendered (Markdown and HTML), stored, and sent through
 * the environment's webhook and email. A send that fails is stored as a failed delivery naming the
 * channel and why; the report stays and can be sent again.
 */
import type { Channel } from '../../../shared/domain/notifications.js';
import type { ReportRecord, ReportSummary, StandupAddInput, StandupNote } from '../../../shared/domain/reports.js';
import { StandupAddInputSchema } from '../../../shared/domain/reports.js';
import { dayBounds, dayOf } from '../../../shared/util/calendar-day.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { ReportsRepo, StoredReport } from '../store/repos/reports-repo.js';
import { eodHtml, eodMarkdown } from './eod-document.js';
import { gatherEod } from './gather-eod.js';
import type { EodSources } from './gather-eod.js';

export interface ReportsService {
  addStandup(input: StandupAddInput): StandupNote;
  standups(day?: string): { day: string; notes: StandupNote[] };
  /** Gathers, renders and stores the report of a day (default today). */
  generate(input: { day?: string | undefined; by: string }): ReportRecord;
  /** Sends a stored report through the webhook and email; answers it with its deliveries. */
  send(reportId: number, by: string): Promise<ReportRecord>;
  get(reportId: number): ReportRecord;
  /** The newest report of a day, or null. */
  latest(day?: string): ReportRecord | null;
  list(input: { fromDay?: string | undefined; toDay?: string | undefined; limit: number }): ReportSummary[];
}

export interface ReportsServiceDeps {
  sources: Omit<EodSources, 'standups'>;
  repo: ReportsRepo;
  notifications: NotificationService;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
}

export function createReportsService(deps: ReportsServiceDeps): ReportsService {
  const sources: EodSources = { ...deps.sources, standups: (day) => deps.repo.standups(day) };
  const today = () => dayOf(deps.clock.now());

  function checkedDay(day: string | undefined): string {
    const chosen = day ?? today();
    try {
      dayBounds(chosen);
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
    }
    return chosen;
  }

  function record(stored: StoredReport): ReportRecord {
    const deliveries = deps.repo.deliveriesOf(stored.id);
    return { ...stored, deliveries, delivery: deliveryState(deliveries.map((d) => ({ channel: d.channel, state: d.state }))) };
  }

  function summary(report: ReportRecord): ReportSummary {
    const { markdown: _markdown, html: _html, content: _content, ...rest } = report;
    return rest;
  }

  return {
    addStandup(input) {
      const parsed = StandupAddInputSchema.parse(input);
      const day = checkedDay(parsed.day);
      if (!parsed.yesterday && !parsed.today && !parsed.blockers) throw new InvalidRequestError('a stand-up note needs at least one of yesterday, today or blockers');
      const note = deps.repo.addStandup({
        day,
        person: parsed.person,
        yesterday: parsed.yesterday,
        today: parsed.today,
        blockers: parsed.blockers,
        by: parsed.by ?? parsed.person,
        at: deps.clock.now(),
      });
      deps.audit.append({ actor: note.by, event: 'standup_added', detail: { noteId: note.id, day, person: note.person, blockers: note.blockers !== '' } });
      deps.bus.emit('standup.added', note);
      return note;
    },
    standups(day) {
      const chosen = checkedDay(day);
      return { day: chosen, notes: deps.repo.standups(chosen) };
    },
    generate({ day, by }) {
      const chosen = checkedDay(day);
      const now = deps.clock.now();
      if (dayBounds(chosen).fromAt > now) throw new InvalidRequestError(`${chosen} has not begun yet: a report covers a day that has begun`);
      const content = gatherEod(sources, chosen, now);
      const stored = deps.repo.addReport({ day: chosen, environment: content.environment, generatedAt: now, by, markdown: eodMarkdown(content), html: eodHtml(content), content });
      deps.audit.append({ actor: by, event: 'report_generated', detail: { reportId: stored.id, day: chosen } });
      const report = record(stored);
      deps.bus.emit('report.changed', summary(report));
      return report;
    },
    async send(reportId, by) {
      const stored = deps.repo.getReport(reportId);
      if (!stored) throw new NotFoundError(`no report #${reportId}`);
      const deliveries = await deps.notifications.sendReport(stored.id, {
        subject: stored.content.title,
        text: stored.markdown,
        html: stored.html,
        slack: slackText(stored),
      });
      deps.audit.append({
        actor: by,
        event: 'report_sent',
        detail: { reportId, deliveries: deliveries.map((d) => ({ id: d.id, channel: d.channel, state: d.state })) },
      });
      const report = record(stored);
      deps.bus.emit('report.changed', summary(report));
      return report;
    },
    get(reportId) {
      const stored = deps.repo.getReport(reportId);
      if (!stored) throw new NotFoundError(`no report #${reportId}`);
      return record(stored);
    },
    latest(day?: string) {
      const stored = deps.repo.latestReportOf(checkedDay(day));
      return stored ? record(stored) : null;
    },
    list({ fromDay, toDay, limit }) {
      const fromAt = fromDay ? dayBounds(checkedDay(fromDay)).fromAt : 0;
      const toAt = toDay ? dayBounds(checkedDay(toDay)).toAt : Number.MAX_SAFE_INTEGER;
      return deps.repo.listReports({ fromAt, toAt, limit }).map((row) => {
        const deliveries = deps.repo.deliveriesOf(row.id);
        return { ...row, deliveries, delivery: deliveryState(deliveries) };
      });
    },
  };
}

/** By the latest attempt of each channel: all took it, some did, none did, or never tried. */
export function deliveryState(deliveries: readonly { channel: Channel; state: 'sent' | 'failed' }[]): ReportRecord['delivery'] {
  if (deliveries.length === 0) return 'unsent';
  const latest = new Map<Channel, 'sent' | 'failed'>();
  for (const d of deliveries) latest.set(d.channel, d.state);
  const states = [...latest.values()];
  if (states.every((s) => s === 'sent')) return 'sent';
  return states.some((s) => s === 'sent') ? 'partial' : 'failed';
}

/** A short Slack message: the headline and next steps; the whole report goes by mail. */
function slackText(report: StoredReport): string {
  const c = report.content;
  const change = c.score.yesterday === null ? '' : ` (${c.score.today - c.score.yesterday >= 0 ? '+' : ''}${Math.round((c.score.today - c.score.yesterday) * 10) / 10} since yesterday)`;
  const failed = c.loadRuns.filter((r) => r.state === 'failed' || r.state === 'aborted').length;
  const downServices = c.health.filter((h) => h.downMs > 0).length;
  const lines = [
    `*${c.title}*`,
    `Board: ${c.score.verdict}, ${Math.round(c.score.today * 10) / 10} %${change}`,
    c.plan ? `Tasks: ${c.plan.done.length} done, ${c.plan.open.length} open, ${c.plan.blocked.length} blocked` : 'Tasks: no plan imported',
    `Load runs: ${c.loadRuns.length}${failed ? ` (${failed} failed)` : ''}; actions: ${c.actionRuns.length}; services with downtime: ${downServices}`,
    ...(c.nextSteps.length ? ['Next steps:', ...c.nextSteps.slice(0, 8).map((s) => `• ${s}`)] : []),
  ];
  return lines.join('\n');
}
