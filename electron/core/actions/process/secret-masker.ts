/**
 * Masks secret values in a stream of text. A secret can arrive split across two chunks (a script
 * that prints "token=abc", pauses, then "def"), so the end of each chunk that could be the start
 * of a secret is held back until the next chunk shows whether it is one.
 */

/** What every secret value is replaced with, whatever its length. */
export const SECRET_MASK = '••••';

export class SecretMasker {
  private readonly secrets: string[];
  private readonly pattern: RegExp | null;
  private held = '';

  constructor(secrets: readonly string[]) {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    this.pattern = this.secrets.length ? new RegExp(this.secrets.map(escapeRegExp).join('|'), 'g') : null;
  }

  push(text: string): string {
    if (!this.pattern) return text;
    const all = (this.held + text).replace(this.pattern, SECRET_MASK);
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

  /** Length of the longest tail of `text` that is a proper prefix of some secret. */
  private possibleSecretStartLength(text: string): number {
    const longest = Math.min(text.length, this.secrets[0]!.length - 1);
    for (let length = longest; length > 0; length -= 1) {
      const tail = text.slice(text.length - length);
      if (this.secrets.some((secret) => secret.length > length && secret.startsWith(tail))) return length;
    }
    return 0;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
