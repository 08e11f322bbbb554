/**
 * The output of runs as this screen holds it: styled chunks per run, parsed once when they arrive
 * (so a render never parses), capped to the newest LOG_CAP_CHARS per run and to MAX_LOGS runs, so
 * a script printing 100 MB cannot grow the renderer's memory.
 */
import { PLAIN, parseAnsi, splitIncomplete } from '../../lib/ansi.js';
import type { Segment, SgrStyle } from '../../lib/ansi.js';

/** About 2 MB of text per run (JS characters, not UTF-8 bytes). */
export const LOG_CAP_CHARS = 2 * 1024 * 1024;
/** Logs kept at once; the least recently touched go first (they can be loaded again). */
export const MAX_LOGS = 12;
/** A chunk grows by merging while it is smaller than this: few DOM nodes, cheap re-renders. */
const MERGE_BELOW_CHARS = 16 * 1024;
/** After cutting the front, skip to the next line start if it is this close. */
const LINE_SNAP_CHARS = 4096;

/** 'stored': the core's stored or buffered output, where stdout and stderr are no longer apart. */
export type LogStream = 'stdout' | 'stderr' | 'stored';
type LiveStream = 'stdout' | 'stderr';

export interface LogChunk {
  /** Stable while the chunk grows by merging: a React key. */
  readonly id: number;
  readonly stream: LogStream;
  readonly segments: readonly Segment[];
  /** Characters of text in the segments. */
  readonly length: number;
}

export interface RunLog {
  readonly chunks: readonly LogChunk[];
  /** Characters held (never more than the cap). */
  readonly length: number;
  /** Characters dropped from the front to keep within the cap. */
  readonly droppedChars: number;
  /**
   * Output may be missing here (this screen joined the run late, the stream reconnected, or only
   * the live buffer was loaded): the run panel loads it from the core when it shows the run.
   */
  readonly partial: boolean;
  /** events: followed live from the start; live: the core's buffer while running; stored: the stored output. */
  readonly source: 'events' | 'live' | 'stored';
  /** SGR state at the end of each stream, where its next chunk starts. */
  readonly styles: Readonly<Record<LiveStream, SgrStyle>>;
  /** An escape sequence cut by the end of the last chunk of a stream. */
  readonly held: Readonly<Record<LiveStream, string>>;
  readonly nextChunkId: number;
  /** Recency, for evicting whole logs. */
  readonly touched: number;
}

let clock = 0;
const tick = () => (clock += 1);

export function emptyLog(source: RunLog['source'] = 'events', partial = false): RunLog {
  return {
    chunks: [],
    length: 0,
    droppedChars: 0,
    partial,
    source,
    styles: { stdout: PLAIN, stderr: PLAIN },
    held: { stdout: '', stderr: '' },
    nextChunkId: 1,
    touched: tick(),
  };
}

const lengthOf = (segments: readonly Segment[]) => segments.reduce((sum, s) => sum + s.text.length, 0);

function mergeSegments(a: readonly Segment[], b: readonly Segment[]): Segment[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (last.style === first.style) return [...a.slice(0, -1), { text: last.text + first.text, style: last.style }, ...b.slice(1)];
  return [...a, ...b];
}

/** Drops `excess` characters from the front, then up to the next line start when one is near. */
function dropFront(chunks: readonly LogChunk[], excess: number): { chunks: LogChunk[]; dropped: number } {
  const kept = [...chunks];
  let dropped = 0;
  while (kept.length > 0 && dropped + kept[0]!.length <= excess) dropped += kept.shift()!.length;
  if (dropped >= excess || kept.length === 0) return { chunks: kept, dropped };
  const first = kept[0]!;
  let cut = excess - dropped;
  const text = first.segments.map((s) => s.text).join('');
  const newline = text.indexOf('\n', cut);
  if (newline !== -1 && newline - cut < LINE_SNAP_CHARS) cut = newline + 1;
  const segments: Segment[] = [];
  let skip = cut;
  for (const segment of first.segments) {
    if (skip >= segment.text.length) {
      skip -= segment.text.length;
      continue;
    }
    segments.push(skip > 0 ? { text: segment.text.slice(skip), style: segment.style } : segment);
    skip = 0;
  }
  kept[0] = { ...first, segments, length: first.length - cut };
  return { chunks: kept, dropped: dropped + cut };
}

function capped(log: RunLog, cap: number): RunLog {
  if (log.length <= cap) return log;
  const { chunks, dropped } = dropFront(log.chunks, log.length - cap);
  return { ...log, chunks, length: log.length - dropped, droppedChars: log.droppedChars + dropped };
}

/** Cuts segments into chunks of about MERGE_BELOW_CHARS (long single-style runs too), numbered from `firstId`. */
function toChunks(segments: readonly Segment[], stream: LogStream, firstId: number): LogChunk[] {
  const chunks: LogChunk[] = [];
  let current: Segment[] = [];
  let currentLength = 0;
  const flush = () => {
    if (current.length === 0) return;
    chunks.push({ id: firstId + chunks.length, stream, segments: current, length: currentLength });
    current = [];
    currentLength = 0;
  };
  for (const segment of segments) {
    for (let at = 0; at < segment.text.length; at += MERGE_BELOW_CHARS) {
      const piece = at === 0 && segment.text.length <= MERGE_BELOW_CHARS ? segment : { text: segment.text.slice(at, at + MERGE_BELOW_CHARS), style: segment.style };
      current.push(piece);
      currentLength += piece.text.length;
      if (currentLength >= MERGE_BELOW_CHARS) flush();
    }
  }
  flush();
  return chunks;
}

/** Appends one piece of output (an action.output event); starts a partial log when there was none. */
export function appendOutput(log: RunLog | undefined, stream: LiveStream, text: string, cap = LOG_CAP_CHARS): RunLog {
  const base = log ?? emptyLog('events', true);
  const { complete, held } = splitIncomplete(base.held[stream] + text);
  // A piece longer than the cap keeps only its tail (its colours restart there).
  const tooLong = complete.length - cap - LINE_SNAP_CHARS;
  const { segments, end } = parseAnsi(tooLong > 0 ? complete.slice(tooLong) : complete, base.styles[stream]);
  const length = lengthOf(segments);
  const next = { ...base, styles: { ...base.styles, [stream]: end }, held: { ...base.held, [stream]: held }, touched: tick() };
  if (length === 0) return next;
  const last = base.chunks[base.chunks.length - 1];
  let chunks: LogChunk[];
  let nextChunkId = base.nextChunkId;
  if (last && last.stream === stream && last.length + length <= MERGE_BELOW_CHARS * 2 && last.length < MERGE_BELOW_CHARS) {
    chunks = [...base.chunks.slice(0, -1), { ...last, segments: mergeSegments(last.segments, segments), length: last.length + length }];
  } else {
    const added = toChunks(segments, stream, base.nextChunkId);
    chunks = [...base.chunks, ...added];
    nextChunkId += added.length;
  }
  const dropped = Math.max(0, tooLong);
  return capped({ ...next, chunks, length: base.length + length, droppedChars: base.droppedChars + dropped, nextChunkId }, cap);
}

/** A log from the whole text the core answered (actions.output), cut into chunks and capped. */
export function logFromText(text: string, source: 'live' | 'stored', cap = LOG_CAP_CHARS): RunLog {
  // Only the newest `cap` characters can be kept; parse a little more for the colours in force there.
  const skipped = Math.max(0, text.length - cap - LINE_SNAP_CHARS);
  const { segments } = parseAnsi(skipped > 0 ? text.slice(skipped) : text);
  const chunks = toChunks(segments, 'stored', 1);
  const log: RunLog = { ...emptyLog(source, false), chunks, length: lengthOf(segments), droppedChars: skipped, nextChunkId: chunks.length + 1 };
  return capped(log, cap);
}

/** Keeps at most `max` logs: the least recently touched go, never the one in `keep`. */
export function evictLogs(logs: Record<number, RunLog>, keep: ReadonlySet<number>, max = MAX_LOGS): Record<number, RunLog> {
  const ids = Object.keys(logs).map(Number);
  if (ids.length <= max) return logs;
  const evictable = ids.filter((id) => !keep.has(id)).sort((a, b) => logs[a]!.touched - logs[b]!.touched);
  const next = { ...logs };
  for (const id of evictable.slice(0, ids.length - max)) delete next[id];
  return next;
}

/** The plain text of a chunk (for search), computed once per chunk object. */
const plainCache = new WeakMap<LogChunk, string>();
export function chunkText(chunk: LogChunk): string {
  let text = plainCache.get(chunk);
  if (text === undefined) {
    text = chunk.segments.map((s) => s.text).join('');
    plainCache.set(chunk, text);
  }
  return text;
}
