/**
 * The newest `maxBytes` (UTF-8) of a text that keeps growing; older text is dropped and counted.
 * Used for the live view's buffer and for what waits between two throttled output calls.
 */

/** Appends to the last piece while it is smaller than this, so tiny writes don't pile up as tiny strings. */
const PIECE_BYTES = 16 * 1024;

export class TextTail {
  private pieces: { text: string; bytes: number }[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  /** UTF-8 bytes held now (never more than maxBytes). */
  get bytes(): number {
    return this.size;
  }

  /** UTF-8 bytes dropped from the front since creation or the last take(). */
  get droppedBytes(): number {
    return this.dropped;
  }

  append(text: string): void {
    if (!text) return;
    const bytes = Buffer.byteLength(text);
    const last = this.pieces.at(-1);
    if (last && last.bytes < PIECE_BYTES) {
      last.text += text;
      last.bytes += bytes;
    } else {
      this.pieces.push({ text, bytes });
    }
    this.size += bytes;
    this.dropOldest();
  }

  text(): string {
    return this.pieces.map((piece) => piece.text).join('');
  }

  /** The text and how much was dropped before it; empties the tail. */
  take(): { text: string; droppedBytes: number } {
    const taken = { text: this.text(), droppedBytes: this.dropped };
    this.pieces = [];
    this.size = 0;
    this.dropped = 0;
    return taken;
  }

  private dropOldest(): void {
    while (this.size > this.maxBytes) {
      const first = this.pieces[0]!;
      const excess = this.size - this.maxBytes;
      if (first.bytes <= excess) {
        this.pieces.shift();
        this.size -= first.bytes;
        this.dropped += first.bytes;
        continue;
      }
      const kept = utf8Tail(first.text, first.bytes - excess);
      const keptBytes = Buffer.byteLength(kept);
      this.size -= first.bytes - keptBytes;
      this.dropped += first.bytes - keptBytes;
      this.pieces[0] = { text: kept, bytes: keptBytes };
    }
  }
}

/** The last at most `maxBytes` UTF-8 bytes of `text`, starting on a character boundary. */
function utf8Tail(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start += 1; // skip continuation bytes
  return bytes.subarray(start).toString('utf8');
}
