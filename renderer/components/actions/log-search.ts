/** Search in a run's output: matches over the whole plain text (across chunk boundaries), then the part of each that falls in a chunk. */
import { chunkText } from '../../stores/slices/run-logs.js';
import type { LogChunk } from '../../stores/slices/run-logs.js';

/** More matches than anyone steps through; counting stops here. */
export const MAX_MATCHES = 5000;

/** [start, end) in the log's plain text. */
export type Match = readonly [number, number];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive matches of `query` in the chunks' text, in order, at most MAX_MATCHES. */
export function findMatches(chunks: readonly LogChunk[], query: string): Match[] {
  if (query === '') return [];
  const text = chunks.map(chunkText).join('');
  const pattern = new RegExp(escape(query), 'giu');
  const matches: Match[] = [];
  for (let m = pattern.exec(text); m && matches.length < MAX_MATCHES; m = pattern.exec(text)) {
    matches.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) pattern.lastIndex += 1;
  }
  return matches;
}

/** A highlight inside one chunk: [start, end) relative to the chunk, and which match it belongs to. */
export interface ChunkMark {
  start: number;
  end: number;
  match: number;
}

/** Splits the matches over the chunks; `key` changes only when a chunk's marks (or the current one among them) change. */
export function marksByChunk(chunks: readonly LogChunk[], matches: readonly Match[], current: number): { marks: ChunkMark[]; key: string }[] {
  const out: { marks: ChunkMark[]; key: string }[] = [];
  let offset = 0;
  let p = 0;
  for (const chunk of chunks) {
    const start = offset;
    const end = offset + chunk.length;
    while (p < matches.length && matches[p]![1] <= start) p += 1;
    const marks: ChunkMark[] = [];
    for (let i = p; i < matches.length && matches[i]![0] < end; i += 1) {
      const [s, e] = matches[i]!;
      marks.push({ start: Math.max(s, start) - start, end: Math.min(e, end) - start, match: i });
    }
    const key = marks.length === 0 ? '' : marks.map((m) => `${m.start}-${m.end}${m.match === current ? '*' : ''}`).join(',');
    out.push({ marks, key });
    offset = end;
  }
  return out;
}
