/**
 * The findings table: only the rows in view are in the DOM (@tanstack/react-virtual), so 10,000
 * findings scroll and filter smoothly. Columns sort on click (again: the other way); the default is
 * the remediation order. Each open finding shows its age and deadline; overdue ones stand out.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { FindingRecord } from '../../../shared/domain/security-register.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';
import { Icon } from '../common/Icon.js';
import { effectiveState } from './finding-query.js';
import type { SortKey, TableSort } from './finding-query.js';
import { KIND_WORDS, SEVERITY_ICONS, SEVERITY_WORDS, STATE_WORDS, whereOf } from './security-format.js';

const ROW_HEIGHT = 52;
/** What the table assumes where its box has no size yet (or none at all, as in jsdom): a screenful of rows. */
const FALLBACK_RECT = { width: 1200, height: 12 * ROW_HEIGHT };

/** The library's size observer, but an unmeasured (zero-height) box counts as a screenful rather than as no rows. */
function observeRect(instance: Virtualizer<HTMLDivElement, Element>, callback: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : FALLBACK_RECT));
}

const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
  { key: 'severity', label: 'Severity', className: 'sec-col--sev' },
  { key: 'state', label: 'State', className: 'sec-col--state' },
  { key: 'remediation', label: 'Finding (remediation order)', className: 'sec-col--title' },
  { key: 'file', label: 'Where', className: 'sec-col--where' },
  { key: 'tool', label: 'Tool', className: 'sec-col--tool' },
  { key: 'age', label: 'Age', className: 'sec-col--age' },
  { key: 'deadline', label: 'Deadline', className: 'sec-col--deadline' },
];

/** "in 3d 4h", "2h 05m overdue", "—" for findings no longer open. */
function deadlineText(finding: FindingRecord, now: number): { text: string; overdue: boolean } {
  if (finding.deadlineAt === null) return { text: '—', overdue: false };
  const left = finding.deadlineAt - now;
  return left >= 0 ? { text: `in ${formatCompactDuration(left)}`, overdue: false } : { text: `${formatCompactDuration(-left)} overdue`, overdue: true };
}

function Row({ finding, now, selected, onOpen, top }: { finding: FindingRecord; now: number; selected: boolean; onOpen: (id: number) => void; top: number }) {
  const state = effectiveState(finding, now);
  const counting = state === 'open' || state === 'confirmed';
  const deadline = deadlineText(finding, now);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(finding.id);
    }
  };
  return (
    <div
      role="row"
      tabIndex={0}
      className={`sec-row sec-row--${finding.severity}${deadline.overdue ? ' sec-row--overdue' : ''}${selected ? ' sec-row--selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(finding.id)}
      onKeyDown={onKey}
      data-testid="sec-row"
      data-finding-id={finding.id}
      data-severity={finding.severity}
      data-state={state}
      data-overdue={deadline.overdue}
    >
      <span role="cell" className={`sec-col--sev sev-mark sev-mark--${finding.severity}`}>
        <Icon name={SEVERITY_ICONS[finding.severity]} />
        {SEVERITY_WORDS[finding.severity]}
      </span>
      <span role="cell" className={`sec-col--state sec-state sec-state--${state}`}>
        {STATE_WORDS[state]}
        {finding.blocking && <span className="chip chip--warn">blocking</span>}
      </span>
      <span role="cell" className="sec-col--title" title={finding.title}>
        <span className="sec-row__title">{finding.title}</span>
        <span className="sec-row__rule muted">
          {KIND_WORDS[finding.kind]} · {finding.ruleId}
          {finding.cve.length > 0 && ` · ${finding.cve.join(', ')}`}
        </span>
      </span>
      <span role="cell" className="sec-col--where" title={whereOf(finding)}>
        <code>{whereOf(finding)}</code>
      </span>
      <span role="cell" className="sec-col--tool">
        {finding.tools.map((t) => t.tool).join(', ')}
      </span>
      <span role="cell" className="sec-col--age">
        {counting ? formatCompactDuration(Math.max(0, now - finding.firstSeenAt)) : '—'}
      </span>
      <span role="cell" className={`sec-col--deadline${deadline.overdue ? ' sec-overdue' : ''}`} data-testid="sec-deadline">
        {deadline.overdue && <Icon name="hourglass" />}
        {deadline.text}
      </span>
    </div>
  );
}

export function FindingsTable({
  findings,
  sort,
  onSort,
  now,
  selectedId,
  onOpen,
}: {
  findings: readonly FindingRecord[];
  sort: TableSort;
  onSort: (sort: TableSort) => void;
  now: number;
  selectedId: number | null;
  onOpen: (id: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: findings.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => findings[index]?.id ?? index,
    initialRect: FALLBACK_RECT,
    observeElementRect: observeRect,
  });

  const header = (
    <div role="row" className="sec-row sec-row--head">
      {COLUMNS.map((column) => {
        const active = column.key !== null && sort.key === column.key;
        const sortKey = column.key;
        return (
          <span role="columnheader" key={column.label} className={column.className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
            {sortKey === null ? (
              column.label
            ) : (
              <button
                type="button"
                className={`sec-sort${active ? ' sec-sort--active' : ''}`}
                onClick={() => onSort({ key: sortKey, descending: active ? !sort.descending : false })}
                data-testid={`sec-sort-${sortKey}`}
              >
                {column.label}
                {active && <Icon name={sort.descending ? 'down' : 'up'} />}
              </button>
            )}
          </span>
        );
      })}
    </div>
  );

  return (
    <div className="sec-table" role="table" aria-label="Findings" aria-rowcount={findings.length} data-testid="sec-table" data-rows={findings.length}>
      {header}
      <div ref={scrollRef} className="sec-table__scroll" data-testid="sec-table-scroll">
        {findings.length === 0 ? (
          <p className="sec-table__none muted" data-testid="sec-table-empty">
            No finding matches the filter.
          </p>
        ) : (
          <div className="sec-table__body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const finding = findings[item.index];
              if (!finding) return null;
              return <Row key={item.key} finding={finding} now={now} selected={finding.id === selectedId} onOpen={onOpen} top={item.start} />;
            })}
          </div>
        )}
      </div>
    </div>
  );
}
