/**
 * The output kept for the audit trail: both streams in arrival order, whole up to `maxBytes`,
 * then only counted; a truncated record ends with a marker line saying how much is missing.
 */
import { createHash } from 'node:crypto';

/** The stored record of a run's output. */
export interface StoredRecord {
  /** Masked, cleaned UTF-8 text; ends with the truncation marker when `truncated`. */
  buffer: Buffer;
  truncated: boolean;
  /** sha256 (hex) of `buffer`. */
  digest: string;
}

export function truncationMarker(storedBytes: number, missingBytes: number): string {
  return `[… output truncated after ${storedBytes} bytes; ${missingBytes} more bytes not stored …]\n`;
}

/** Copied into blocks of this size, so a million one-byte writes don't become a million Buffers. */
const BLOCK_BYTES = 64 * 1024;

export class StoredOutput {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private stored = 0;
  private missing = 0;

  constructor(private readonly maxBytes: number) {}

  append(text: string): void {
    if (!text) return;
    if (this.missing > 0) {
      this.missing += Buffer.byteLength(text);
      return;
    }
    const bytes = Buffer.from(text);
    const room = this.maxBytes - this.stored;
    if (bytes.length <= room) return this.keep(bytes);
    // Cut on a character boundary: back off over UTF-8 continuation bytes.
    let cut = room;
    while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut -= 1;
    this.keep(bytes.subarray(0, cut));
    this.missing = bytes.length - cut;
  }

  /** The record as it stands; call once the streams have ended. */
  finish(): StoredRecord {
    const kept = Buffer.concat([...this.blocks, this.block.subarray(0, this.used)]);
    const truncated = this.missing > 0;
    const endsLine = kept.length === 0 || kept.at(-1) === 0x0a;
    const marker = truncated ? `${endsLine ? '' : '\n'}${truncationMarker(this.stored, this.missing)}` : '';
    const buffer = truncated ? Buffer.concat([kept, Buffer.from(marker)]) : kept;
    return { buffer, truncated, digest: createHash('sha256').update(buffer).digest('hex') };
  }

  private keep(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (this.used === this.block.length) {
        if (this.used > 0) this.blocks.push(this.block);
        this.block = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, Math.max(1, this.maxBytes - this.stored)));
        this.used = 0;
      }
      const copied = bytes.copy(this.block, this.used, offset);
      this.used += copied;
      this.stored += copied;
      offset += copied;
    }
  }
}
