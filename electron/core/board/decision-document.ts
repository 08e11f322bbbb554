/**
 * A decision record as a document: headline, sections of paragraphs, lists and tables. One model,
 * two renderings (decision-export.ts: Markdown, and a printable HTML page the shells print to PDF),
 * so both always say the same.
 */
import type { CriterionState, CriterionEvaluation } from '../../../shared/domain/board.js';
import type { DecisionRecord, VoteChoice } from '../../../shared/domain/meeting.js';

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'quote'; text: string };

export interface Section {
  title: string;
  blocks: Block[];
}

export interface DecisionDocument {
  title: string;
  verdict: DecisionRecord['decision'];
  /** Short facts under the title ("Environment: production"). */
  facts: [string, string][];
  sections: Section[];
  footer: string[];
}

/** Shape and word beside colour, so a verdict never rests on colour alone. */
export const VERDICT_MARK: Record<VoteChoice, string> = { GO: '●', 'NO-GO': '■', HOLD: '▲' };
export const STATE_MARK: Record<CriterionState, string> = { met: '✓', 'not-met': '✗', unknown: '?', stale: '◷', waived: '~' };

export function utc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 10) / 10} %`;
}

function evidenceLine(c: CriterionEvaluation): string {
  if (c.evidence.length === 0) return 'none';
  return c.evidence
    .map((e) => [e.what, e.at === null ? null : utc(e.at), e.by ? `by ${e.by}` : null, e.link ? `${e.link.kind} ${e.link.id}` : null].filter(Boolean).join(', '))
    .join('; ');
}

export function decisionDocument(record: DecisionRecord): DecisionDocument {
  const { board, followUps } = record;
  const sections: Section[] = [];

  sections.push({ title: 'Rationale', blocks: [{ kind: 'paragraph', text: record.rationale }] });
  sections.push({ title: 'Attendees', blocks: [{ kind: 'list', items: record.attendees }] });

  const voteRows = record.votes.map((v) => [
    v.role,
    v.voter,
    `${VERDICT_MARK[v.choice]} ${v.choice}`,
    `${percent(v.seen.score)} ${v.seen.verdict} (snapshot #${v.seen.snapshotId}, as of ${utc(v.seen.asOf)})`,
    v.reason ?? '',
  ]);
  const tally = `GO ${record.tally.GO} · NO-GO ${record.tally['NO-GO']} · HOLD ${record.tally.HOLD}` +
    (record.tally.missing.length > 0 ? ` · did not vote: ${record.tally.missing.join(', ')}` : '');
  sections.push({
    title: 'Votes',
    blocks: [
      { kind: 'paragraph', text: tally },
      ...(voteRows.length > 0 ? [{ kind: 'table' as const, head: ['Role', 'Voter', 'Vote', 'Board the voter saw', 'Reason'], rows: voteRows }] : []),
    ],
  });

  sections.push({
    title: 'Score per category',
    blocks: [
      {
        kind: 'table',
        head: ['Category', 'Weight', 'Score', 'Met'],
        rows: board.categories.map((c) => [c.category, String(c.weight), percent(c.score), `${c.met}/${c.total}`]),
      },
    ],
  });

  const groups = ['technical', 'operational', 'business'] as const;
  sections.push({
    title: 'Criteria and their evidence',
    blocks: groups.flatMap((group) => {
      const criteria = board.criteria.filter((c) => c.group === group);
      if (criteria.length === 0) return [];
      return [
        { kind: 'paragraph' as const, text: group[0]!.toUpperCase() + group.slice(1) },
        {
          kind: 'table' as const,
          head: ['Criterion', 'Category', 'State', 'Evidence', 'Why not met'],
          rows: criteria.map((c) => [
            `${c.title}${c.hardBlocker ? ' (hard blocker)' : ''}`,
            c.category,
            `${STATE_MARK[c.state]} ${c.state}`,
            evidenceLine(c),
            c.why ?? '',
          ]),
        },
      ];
    }),
  });

  sections.push({
    title: 'Waivers',
    blocks:
      board.waivers.length === 0
        ? [{ kind: 'paragraph', text: 'None.' }]
        : [
            {
              kind: 'table',
              head: ['Criterion', 'Owner', 'Reason', 'Expires'],
              rows: board.waivers.map((w) => [w.criterionId, w.owner, w.reason, utc(w.expiresAt)]),
            },
          ],
  });

  sections.push({
    title: 'Accepted risks',
    blocks:
      record.acceptedRisks === null
        ? [{ kind: 'paragraph', text: 'No security register: accepted risks are not recorded.' }]
        : record.acceptedRisks.length === 0
          ? [{ kind: 'paragraph', text: 'None.' }]
          : [
              {
                kind: 'table',
                head: ['Finding', 'Severity', 'Accepted by', 'Reason', 'Expires'],
                rows: record.acceptedRisks.map((r) => [r.title, r.severity, r.acceptedBy ?? '', r.reason ?? '', r.expiresAt === null ? '' : utc(r.expiresAt)]),
              },
            ],
  });

  sections.push({
    title: 'Open items',
    blocks:
      record.openItems.length === 0
        ? [{ kind: 'paragraph', text: 'None: every criterion is met.' }]
        : [{ kind: 'list', items: record.openItems.map((o) => `${STATE_MARK[o.state]} ${o.title} — ${o.state}${o.why ? `: ${o.why}` : ''}`) }],
  });

  if (followUps.decision === 'GO') {
    sections.push({
      title: 'Follow-ups: launch',
      blocks: [
        { kind: 'paragraph', text: `Launch at ${utc(followUps.launchAt)}.` },
        ...(followUps.schedule.length > 0
          ? [{ kind: 'table' as const, head: ['When', 'What'], rows: followUps.schedule.map((s) => [utc(s.at), s.what]) }]
          : []),
        { kind: 'paragraph', text: 'Announcement:' },
        { kind: 'quote', text: followUps.announcement },
      ],
    });
  } else {
    sections.push({
      title: 'Follow-ups: remediation',
      blocks: [
        { kind: 'paragraph', text: `New target date: ${utc(followUps.newTargetAt)}.` },
        { kind: 'paragraph', text: 'Blocking issues:' },
        followUps.blockingIssues.length === 0
          ? { kind: 'paragraph', text: 'None on the board.' }
          : { kind: 'list', items: followUps.blockingIssues.map((b) => `${b.title}${b.hardBlocker ? ' (hard blocker)' : ''}: ${b.why ?? b.state}`) },
        ...(followUps.remediation.length > 0
          ? [
              {
                kind: 'table' as const,
                head: ['Criterion', 'Owner', 'Due', 'Note'],
                rows: followUps.remediation.map((r) => [r.title, r.owner, utc(r.dueAt), r.note ?? '']),
              },
            ]
          : []),
      ],
    });
  }

  const waived = board.waivers.length;
  return {
    title: `Go/no-go decision #${record.id}: ${record.decision}`,
    verdict: record.decision,
    facts: [
      ['Decision', `${VERDICT_MARK[record.decision]} ${record.decision}`],
      ['Environment', record.environment],
      ['Decided', `${utc(record.decidedAt)} by ${record.decidedBy}`],
      ['Board', `${percent(board.score)} (GO needs ${percent(board.threshold)}), board verdict ${board.verdict}${waived > 0 ? ` with ${waived} waiver${waived === 1 ? '' : 's'}` : ''}${board.staleCount > 0 ? `, ${board.staleCount} stale` : ''}`],
      ['Poll', `#${record.pollId}`],
    ],
    sections,
    footer: [
      `Frozen record: sha256 ${record.digest}${record.auditSeq === null ? '' : `, audit entry #${record.auditSeq}`}; board snapshot #${record.snapshotId} as of ${utc(board.asOf)}.`,
      record.intact ? 'The stored record matches its digest.' : 'WARNING: the stored record no longer matches its digest.',
    ],
  };
}
