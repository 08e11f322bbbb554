/**
 * The end-of-day report as a document: facts under the title and sections of paragraphs, lists and
 * tables. One model, drawn three ways: Markdown and a printable HTML page in the core
 * (electron/core/reports/eod-document.ts), React in the Reports view, so all say the same. Times
 * are local clock times, as the report's day is a local day.
 */
import type { EodContent } from '../domain/reports.js';
import { dayBounds } from '../util/calendar-day.js';
import { formatDuration } from './durations.js';
import { formatInt, formatMs, formatPercent, formatRate } from './numbers.js';

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export interface Section {
  title: string;
  blocks: Block[];
}

export function localTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

const NONE = (what: string): Block => ({ kind: 'paragraph', text: `No ${what} today.` });

export function eodSections(content: EodContent): Section[] {
  const sections: Section[] = [];
  const score = content.score;
  const change = score.yesterday === null ? 'no board reading for yesterday' : `${signed(score.today - score.yesterday)} points since yesterday (${round(score.yesterday)} %)`;
  sections.push({ title: 'Board', blocks: [{ kind: 'paragraph', text: `${score.verdict}, score ${round(score.today)} %: ${change}.` }] });

  const plan = content.plan;
  sections.push({
    title: 'Tasks',
    blocks: plan
      ? [
          { kind: 'paragraph', text: `${plan.done.length} done, ${plan.open.length} open, ${plan.blocked.length} blocked.` },
          ...taskList('Done', plan.done.map((t) => `✓ ${t.text}${t.owner ? ` (${t.owner})` : ''}`)),
          ...taskList('Open', plan.open.map((t) => `☐ ${t.text}${t.owner ? ` (${t.owner})` : ''}`)),
          ...taskList('Blocked', plan.blocked.map((t) => `■ ${t.text}${t.reason ? ` — ${t.reason}` : ''}`)),
        ]
      : [{ kind: 'paragraph', text: 'No plan imported: no tasks to report.' }],
  });

  const blockers = content.standups.filter((n) => n.blockers.trim());
  sections.push({
    title: 'Blockers',
    blocks: [
      ...(plan && plan.blocked.length > 0 ? [{ kind: 'list' as const, items: plan.blocked.map((t) => `${t.text}${t.reason ? `: ${t.reason}` : ''}`) }] : []),
      ...(blockers.length > 0 ? [{ kind: 'list' as const, items: blockers.map((n) => `${n.person}: ${n.blockers}`) }] : []),
    ],
  });
  if (sections.at(-1)!.blocks.length === 0) sections.at(-1)!.blocks.push({ kind: 'paragraph', text: 'None reported.' });

  sections.push({
    title: 'Load tests',
    blocks:
      content.loadRuns.length === 0
        ? [NONE('load runs')]
        : [
            {
              kind: 'table',
              head: ['Run', 'Started', 'Profile', 'Verdict', 'Requests', 'RPS', 'p95', 'Errors', 'Why'],
              rows: content.loadRuns.map((r) => [
                `#${r.id}`,
                localTime(r.startedAt),
                r.profile,
                r.state.toUpperCase(),
                r.requests === null ? '—' : formatInt(r.requests),
                r.rps === null ? '—' : formatRate(r.rps),
                r.p95Ms === null ? '—' : `${formatMs(r.p95Ms)} ms`,
                r.errorRate === null ? '—' : formatPercent(r.errorRate),
                r.why ?? '',
              ]),
            },
          ],
  });

  const open = content.openFindings;
  sections.push({
    title: 'Security',
    blocks: [
      content.scans.length === 0
        ? NONE('scans')
        : {
            kind: 'table',
            head: ['Scan', 'At', 'Scope', 'Result', 'New', 'Fixed'],
            rows: content.scans.map((s) => [`#${s.id}`, localTime(s.at), s.scope, s.status === 'ok' ? 'ok' : `failed: ${s.error ?? ''}`, String(s.newCount), String(s.fixedCount)]),
          },
      {
        kind: 'paragraph',
        text: open
          ? `Open findings: ${open.critical} critical, ${open.high} high, ${open.medium} medium, ${open.low} low, ${open.info} info.`
          : 'Open findings: nothing scanned yet.',
      },
    ],
  });

  sections.push({
    title: 'Actions',
    blocks:
      content.actionRuns.length === 0
        ? [NONE('actions run')]
        : [
            {
              kind: 'table',
              head: ['Run', 'At', 'Action', 'Result', 'By'],
              rows: content.actionRuns.map((a) => [
                `#${a.id}`,
                localTime(a.at),
                `${a.actionId}${a.dryRun ? ' (dry run)' : ''}`,
                `${a.state}${a.exitCode !== null && a.state !== 'succeeded' ? ` (exit ${a.exitCode})` : ''}`,
                a.actor,
              ]),
            },
          ],
  });

  const down = content.health.filter((h) => h.incidents.length > 0);
  sections.push({
    title: 'Health incidents',
    blocks:
      down.length === 0
        ? [{ kind: 'paragraph', text: 'No service was down today.' }]
        : [
            {
              kind: 'table',
              head: ['Service', 'Downtime', 'Incidents'],
              rows: down.map((h) => [
                h.name,
                formatDuration(h.downMs),
                h.incidents.map((i) => `${localTime(i.fromAt)}–${i.toAt === null ? 'still down' : localTime(i.toAt)}${i.reason ? ` (${i.reason})` : ''}`).join('; '),
              ]),
            },
          ],
  });

  sections.push({
    title: 'Stand-up',
    blocks:
      content.standups.length === 0
        ? [{ kind: 'paragraph', text: 'No stand-up notes for this day.' }]
        : [{ kind: 'table', head: ['Person', 'Yesterday', 'Today', 'Blockers'], rows: content.standups.map((n) => [n.person, n.yesterday, n.today, n.blockers || '—']) }],
  });

  sections.push({ title: 'Next steps', blocks: [content.nextSteps.length === 0 ? { kind: 'paragraph', text: 'Nothing open in the stored evidence.' } : { kind: 'list', items: content.nextSteps }] });
  return sections;
}

export function eodFacts(content: EodContent): [string, string][] {
  return [
    ['Environment', content.environment],
    ['Covers', `${localTime(content.fromAt)}–${content.toAt === dayBounds(content.day).toAt ? '24:00' : localTime(content.toAt)} (local time)`],
    ['Generated', `${new Date(content.generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
  ];
}

function taskList(label: string, items: string[]): Block[] {
  return items.length === 0 ? [] : [{ kind: 'paragraph', text: `${label}:` }, { kind: 'list', items }];
}

const round = (value: number) => Math.round(value * 10) / 10;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(round(value))}`;
