/**
 * One pipe's bytes → text that is safe to show and store: UTF-8 decoded (invalid bytes become
 * U+FFFD), cleaned of control sequences, secrets masked. Each stage keeps a small carry-over, so
 * a character, an escape sequence or a secret split across two reads is still handled whole.
 */
import { StringDecoder } from 'node:string_decoder';
import { SecretMasker } from './secret-masker.js';
import { cleanTerminalText, TerminalTextCleaner } from './terminal-text.js';

export class StreamText {
  private readonly decoder = new StringDecoder('utf8');
  private readonly cleaner = new TerminalTextCleaner();
  private readonly masker: SecretMasker;

  constructor(secrets: readonly string[]) {
    // Clean before masking, so a secret interleaved with control bytes is still found; clean the
    // secrets the same way so they match what they will be compared with.
    this.masker = new SecretMasker(secrets.map(cleanTerminalText));
  }

  push(bytes: Buffer): string {
    return this.masker.push(this.cleaner.push(this.decoder.write(bytes)));
  }

  /** Everything still held back, at the end of the stream. */
  end(): string {
    const masked = this.masker.push(this.cleaner.push(this.decoder.end()) + this.cleaner.end());
    return masked + this.masker.end();
  }
}
