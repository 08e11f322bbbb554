/** Keeps only the last few KB of a stream, so a check printing 100 MB costs a few KB of memory. */

export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limitBytes = 4096) {}

  push(chunk: Buffer): void {
    // Copy a slice of a big chunk so the big chunk itself can be collected.
    this.chunks.push(chunk.length > this.limitBytes ? Buffer.from(chunk.subarray(chunk.length - this.limitBytes)) : chunk);
    this.size += Math.min(chunk.length, this.limitBytes);
    while (this.size - this.chunks[0]!.length >= this.limitBytes) this.size -= this.chunks.shift()!.length;
  }

  /** The last non-empty line of what was kept, or ''. */
  lastLine(): string {
    const text = Buffer.concat(this.chunks).subarray(-this.limitBytes).toString('utf8');
    const lines = text.split(/\r?\n/).map((line) => line.trim());
    return lines.filter(Boolean).at(-1) ?? '';
  }
}
