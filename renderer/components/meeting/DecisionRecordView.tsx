/**
 * The frozen decision record, as stored: it never follows the live board. Export as Markdown (a
 * file the core writes) or PDF: in Electron the main process prints this page with printToPDF, in
 * a browser the browser's print; the print stylesheet keeps only the record on paper.
 */
import { useState } from 'react';
import type { DecisionRecord } from '../../../shared/domain/meeting.js';
import { useClient } from '../../api/client-context.js';
import { electronBridge } from '../../api/electron-bridge.js';
import { formatDateTime } from '../../lib/time.js';
import { downloadFile } from '../load/download.js';
import { RefusalNote } from './RefusalNote.js';
import { describeRefusal } from './refusal.js';
import type { Refusal } from './refusal.js';
import { VoteMark } from './VoteMark.js';

const STATE_MARK = { met: '✓', 'not-met': '✗', unknown: '?', stale: '◷', waived: '~' } as const;

export function DecisionRecordView({ record }: { record: DecisionRecord }) {
  const client = useClient();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { board, followUps } = record;

  const exportMarkdown = async () => {
    setRefusal(null);
    try {
      const file = await client.call('decision.export', { decisionId: record.id, format: 'md' });
      downloadFile({ filename: file.fileName, mime: file.mediaType, content: file.content });
    } catch (caught) {
      setRefusal(describeRefusal(caught, 'The Markdown export'));
    }
  };

  const exportPdf = async () => {
    setRefusal(null);
    const name = `decision-${record.id}-${record.decision.toLowerCase()}`;
    const bridge = electronBridge();
    if (bridge?.printToPdf) {
      try {
        const result = await bridge.printToPdf(name);
        setSaved(result.saved);
      } catch (caught) {
        setRefusal(describeRefusal(caught, 'The PDF export'));
      }
      return;
    }
    // The browser's print dialog ("Save as PDF"); the print stylesheet leaves only this record.
    window.print();
  };

  return (
    <article className="panel meeting-panel decision-record" data-testid="decision-record" aria-label={`Decision ${record.id}`}>
      <header className="decision-record__head">
        <VoteMark choice={record.decision} large />
        <div>
          <h3>
            Decision #{record.id} · {record.environment}
          </h3>
          <p className="muted">
            {formatDateTime(record.decidedAt)} by {record.decidedBy} · poll #{record.pollId} · frozen
          </p>
        </div>
        <div className="decision-record__exports no-print">
          <button className="button button--small" type="button" onClick={() => void exportMarkdown()} data-testid="export-md">
            Export Markdown
          </button>
          <button className="button button--small" type="button" onClick={() => void exportPdf()} data-testid="export-pdf">
            Export PDF
          </button>
        </div>
      </header>
      {saved && <p className="muted no-print" data-testid="export-saved">PDF saved to {saved}</p>}
      {!record.intact && (
        <p className="form-error" data-testid="decision-altered">
          The stored record no longer matches its digest: it was altered after it was recorded.
        </p>
      )}
      <p className="decision-record__score" data-testid="decision-score">
        Board {board.score} % (GO needs {board.threshold} %), board verdict {board.verdict}
        {board.waivers.length > 0 && ` with ${board.waivers.length} waiver(s)`}
        {board.staleCount > 0 && `, ${board.staleCount} stale`}
      </p>
      <h4>Rationale</h4>
      <p className="decision-record__text" data-testid="decision-rationale-text">{record.rationale}</p>
      <h4>Attendees</h4>
      <p>{record.attendees.join(', ')}</p>
      <h4>Votes</h4>
      <table className="meeting-table">
        <tbody>
          {record.votes.map((v) => (
            <tr key={v.id}>
              <td>{v.role}</td>
              <td>
                <VoteMark choice={v.choice} />
              </td>
              <td>{v.voter}</td>
              <td>
                saw {v.seen.score} % {v.seen.verdict}
              </td>
              <td>{v.reason ?? ''}</td>
            </tr>
          ))}
          {record.tally.missing.length > 0 && (
            <tr>
              <td colSpan={5} className="muted">
                did not vote: {record.tally.missing.join(', ')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <h4>Score per category</h4>
      <table className="meeting-table" data-testid="decision-categories">
        <tbody>
          {board.categories.map((c) => (
            <tr key={c.category}>
              <td>{c.category}</td>
              <td>weight {c.weight}</td>
              <td>{c.score === null ? '—' : `${c.score} %`}</td>
              <td>
                {c.met}/{c.total} met
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Criteria and their evidence</h4>
      <table className="meeting-table" data-testid="decision-criteria">
        <tbody>
          {board.criteria.map((c) => (
            <tr key={c.id} data-testid={`decision-criterion-${c.id}`}>
              <td>{c.title}</td>
              <td className={`criterion-state criterion-state--${c.state}`}>
                {STATE_MARK[c.state]} {c.state}
              </td>
              <td>{c.evidence.map((e) => `${e.what}${e.at === null ? '' : ` (${formatDateTime(e.at)}${e.by ? `, ${e.by}` : ''})`}`).join('; ') || 'no evidence'}</td>
              <td>{c.why ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Waivers</h4>
      {board.waivers.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {board.waivers.map((w) => (
            <li key={w.id}>
              {w.criterionId}: {w.reason} ({w.owner}, until {formatDateTime(w.expiresAt)})
            </li>
          ))}
        </ul>
      )}
      <h4>Accepted risks</h4>
      {record.acceptedRisks === null ? (
        <p className="muted" data-testid="decision-risks">No security register: accepted risks are not recorded.</p>
      ) : record.acceptedRisks.length === 0 ? (
        <p data-testid="decision-risks">None.</p>
      ) : (
        <ul data-testid="decision-risks">
          {record.acceptedRisks.map((r) => (
            <li key={r.findingId}>
              {r.severity}: {r.title}
              {r.acceptedBy ? ` (accepted by ${r.acceptedBy})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h4>Open items</h4>
      {record.openItems.length === 0 ? (
        <p>None: every criterion is met.</p>
      ) : (
        <ul data-testid="decision-open-items">
          {record.openItems.map((o) => (
            <li key={o.criterionId}>
              {STATE_MARK[o.state]} {o.title} — {o.state}
              {o.why ? `: ${o.why}` : ''}
            </li>
          ))}
        </ul>
      )}
      {followUps.decision === 'GO' ? (
        <section data-testid="decision-launch">
          <h4>Launch</h4>
          <p>Launch at {formatDateTime(followUps.launchAt)}</p>
          {followUps.schedule.length > 0 && (
            <ol>
              {followUps.schedule.map((s, i) => (
                <li key={i}>
                  {formatDateTime(s.at)}: {s.what}
                </li>
              ))}
            </ol>
          )}
          <blockquote className="decision-record__text">{followUps.announcement}</blockquote>
        </section>
      ) : (
        <section data-testid="decision-remediation">
          <h4>Remediation</h4>
          <p>New target date: {formatDateTime(followUps.newTargetAt)}</p>
          <table className="meeting-table">
            <tbody>
              {followUps.remediation.map((r) => (
                <tr key={r.criterionId}>
                  <td>{r.title}</td>
                  <td>{r.owner}</td>
                  <td>due {formatDateTime(r.dueAt)}</td>
                  <td>{r.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p className="decision-record__digest muted" data-testid="decision-digest">
        sha256 {record.digest}
        {record.auditSeq !== null && ` · audit entry #${record.auditSeq}`}
      </p>
      <RefusalNote refusal={refusal} testId="export-error" />
    </article>
  );
}
