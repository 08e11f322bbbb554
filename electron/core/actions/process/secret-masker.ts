/**
 * Masks secret values in a stream of text. A secret can arrive split across two chunks (a script
 * that prints "token=abc", pauses, then "def"), so the end of each chunk that could be the start
 * of a secret is held back until the next chunk shows whether it is one.
 *
 * A secret is also found with colour codes (SGR, `ESC[…m`, the only escapes that reach this
 * stage) between its characters, as in "hun\x1b[31mter2": the match becomes the mask followed by
 * those colour codes, so the rest of the line keeps the colours the script gave it.
 */

/** What every secret value is replaced with, whatever its length. */
export const SECRET_MASK = '••••';

const SGR_SOURCE = '\\x1b\\[[0-9;:]*m';
const SGR_ANYWHERE = new RegExp(SGR_SOURCE, 'g');
const SGR_WHOLE = new RegExp(`^${SGR_SOURCE}$`);
/** A possible secret start hidden behind more colour codes than this is let through. */
const MAX_HELD_CHARS = 4096;

export class SecretMasker {
  private readonly secrets: string[];
  private readonly pattern: RegExp | null;
  private held = '';

  constructor(secrets: readonly string[]) {
    // Longest first, so a secret that contains another is masked whole.
    const plain = secrets.map((secret) => secret.replace(SGR_ANYWHERE, '')).filter((secret) => secret.length > 0);
    this.secrets = [...new Set(plain)].sort((a, b) => b.length - a.length);
    this.pattern = this.secrets.length ? new RegExp(this.secrets.map(spelledWithColours).join('|'), 'g') : null;
  }

  push(text: string): string {
    if (!this.pattern) return text;
    const all = (this.held + text).replace(this.pattern, (match) => SECRET_MASK + (match.match(SGR_ANYWHERE) ?? []).join(''));
    const keep = this.possibleSecretStartLength(all);
    this.held = all.slice(all.length - keep);
    return all.slice(0, all.length - keep);
  }

  /** The held-back tail: the stream ended, so it was not a secret after all. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  /**
   * Length of the longest tail of `text` that could begin a secret: without its colour codes it
   * is a proper prefix of some secret. Walks back over characters and whole colour codes.
   */
  private possibleSecretStartLength(text: string): number {
    const longest = this.secrets[0]!.length;
    let visible = '';
    let keep = 0;
    for (let at = text.length; at > 0 && text.length - at < MAX_HELD_CHARS; ) {
      const colour = colourCodeEndingAt(text, at);
      if (colour !== undefined) {
        at = colour;
        continue;
      }
      at -= 1;
      visible = text[at]! + visible;
      if (visible.length >= longest) break;
      if (this.secrets.some((secret) => secret.length > visible.length && secret.startsWith(visible))) keep = text.length - at;
    }
    return keep;
  }
}

/** The secret as a pattern that also matches it with colour codes between its characters. */
function spelledWithColours(secret: string): string {
  return [...secret].map(escapeRegExp).join(`(?:${SGR_SOURCE})*`);
}

/** Where a colour code that ends at `end` starts, if one does. */
function colourCodeEndingAt(text: string, end: number): number | undefined {
  if (text[end - 1] !== 'm') return undefined;
  const start = text.lastIndexOf('\x1b', end - 1);
  return start >= 0 && SGR_WHOLE.test(text.slice(start, end)) ? start : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
