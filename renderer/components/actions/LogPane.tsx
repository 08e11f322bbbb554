/**
 * A run's output as a small terminal: ANSI colours and bold as styled spans (never markup),
 * stderr set apart from stdout, follow mode (stays at the newest line; pauses when the operator
 * scrolls up, resumes at the bottom or with the toggle), and search with every match highlighted
 * and next / previous.
 */
import { memo, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { spanLook } from '../../lib/ansi.js';
import type { RunLog, LogChunk } from '../../stores/slices/run-logs.js';
import { Icon } from '../common/Icon.js';
import { findMatches, marksByChunk, MAX_MATCHES } from './log-search.js';
import type { ChunkMark } from './log-search.js';

const NO_MARKS: ChunkMark[] = [];

function Piece({ text, className, style }: { text: string; className: string; style: ReturnType<typeof spanLook>['style'] }) {
  return (
    <span className={className || undefined} style={style}>
      {text}
    </span>
  );
}

/** One chunk's segments as spans, with the marks of search matches cut into them. */
const LogChunkView = memo(
  function LogChunkView({ chunk, marks, current }: { chunk: LogChunk; marks: ChunkMark[]; marksKey: string; current: number }) {
    const children: ReactNode[] = [];
    let offset = 0;
    let m = 0;
    chunk.segments.forEach((segment, si) => {
      const look = spanLook(segment.style);
      const segStart = offset;
      const segEnd = offset + segment.text.length;
      let at = segStart;
      while (m < marks.length && marks[m]!.start < segEnd) {
        const mark = marks[m]!;
        const from = Math.max(mark.start, segStart);
        const to = Math.min(mark.end, segEnd);
        if (from > at) children.push(<Piece key={`${si}-${at}`} text={segment.text.slice(at - segStart, from - segStart)} className={look.className} style={look.style} />);
        const isCurrent = mark.match === current;
        children.push(
          <mark
            key={`${si}-m${from}`}
            className={`log__match${isCurrent ? ' log__match--current' : ''}`}
            data-match={mark.match}
            data-current-match={isCurrent ? 'true' : undefined}
          >
            <Piece text={segment.text.slice(from - segStart, to - segStart)} className={look.className} style={look.style} />
          </mark>,
        );
        at = to;
        if (mark.end <= segEnd) m += 1;
        else break;
      }
      if (at < segEnd) children.push(<Piece key={`${si}-${at}`} text={segment.text.slice(at - segStart)} className={look.className} style={look.style} />);
      offset = segEnd;
    });
    return (
      <span className={`log__chunk log__chunk--${chunk.stream}`} data-stream={chunk.stream}>
        {children}
      </span>
    );
  },
  (a, b) => a.chunk === b.chunk && a.marksKey === b.marksKey,
);

export function LogPane({ log, placeholder }: { log: RunLog | undefined; placeholder: string }) {
  const chunks = log?.chunks;
  const scroller = useRef<HTMLPreElement>(null);
  const lastTop = useRef(0);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const [jump, setJump] = useState(0);
  const search = useDeferredValue(query);
  const matches = useMemo(() => findMatches(chunks ?? [], search), [chunks, search]);
  const currentMatch = matches.length === 0 ? -1 : Math.min(current, matches.length - 1);
  const perChunk = useMemo(() => marksByChunk(chunks ?? [], matches, currentMatch), [chunks, matches, currentMatch]);

  // Following: after every change of the output, the newest line is in view.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !follow) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [chunks, follow]);

  // Stepping through matches brings the current one into view.
  useEffect(() => {
    if (jump === 0) return;
    scroller.current?.querySelector('[data-current-match]')?.scrollIntoView?.({ block: 'center' });
  }, [jump, currentMatch, search]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    if (el.scrollTop < lastTop.current - 2 && !atBottom) setFollow(false);
    else if (atBottom && el.scrollTop > lastTop.current) setFollow(true);
    lastTop.current = el.scrollTop;
  };

  const step = (delta: number) => {
    if (matches.length === 0) return;
    setFollow(false);
    setCurrent((c) => (Math.min(c, matches.length - 1) + delta + matches.length) % matches.length);
    setJump((j) => j + 1);
  };

  const count =
    search === '' ? '' : matches.length === 0 ? 'no match' : `${currentMatch + 1} of ${matches.length}${matches.length >= MAX_MATCHES ? '+' : ''}`;
  const empty = !chunks || chunks.length === 0;

  return (
    <div className="log" data-testid="run-log-pane">
      <div className="log__tools">
        <label className="log__search">
          <Icon name="search" />
          <span className="sr-only">Search the output</span>
          <input
            className="input log__search-input"
            type="search"
            placeholder="Search output"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setCurrent(0);
              if (e.target.value !== '') {
                setFollow(false);
                setJump((j) => j + 1);
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              }
            }}
            data-testid="log-search"
          />
        </label>
        <span className="log__count" aria-live="polite" data-testid="log-search-count">
          {count}
        </span>
        <button type="button" className="button button--small" onClick={() => step(-1)} disabled={matches.length === 0} aria-label="Previous match" data-testid="log-search-prev">
          <Icon name="up" />
        </button>
        <button type="button" className="button button--small" onClick={() => step(1)} disabled={matches.length === 0} aria-label="Next match" data-testid="log-search-next">
          <Icon name="down" />
        </button>
        <span className="log__legend" aria-label="Streams">
          <span className="log__legend-item log__legend-item--stdout">stdout</span>
          <span className="log__legend-item log__legend-item--stderr">stderr</span>
        </span>
        <button
          type="button"
          className="button button--small log__follow"
          aria-pressed={follow}
          onClick={() => setFollow((f) => !f)}
          title={follow ? 'Following the newest output; scroll up to pause' : 'Paused; click to follow the newest output'}
          data-testid="log-follow"
        >
          <Icon name={follow ? 'follow' : 'paused'} />
          {follow ? 'Following' : 'Follow'}
        </button>
      </div>
      <pre className="log__text" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Output" data-testid="run-log" data-follow={follow} data-matches={matches.length}>
        {empty ? (
          <span className="log__placeholder">{placeholder}</span>
        ) : (
          chunks.map((chunk, i) => {
            const entry = perChunk[i];
            return <LogChunkView key={chunk.id} chunk={chunk} marks={entry?.marks ?? NO_MARKS} marksKey={entry?.key ?? ''} current={currentMatch} />;
          })
        )}
      </pre>
    </div>
  );
}
