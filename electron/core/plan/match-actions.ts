/**
 * Which configured action a plan's command line is: the line split into words (quotes kept
 * together, never run through a shell), compared with each action's argv (and dry-run argv).
 * A literal must be equal, a whole "{param}" takes the word as the parameter's value (a choice
 * must be one of its choices), "--version={version}" takes what lies between, and a flag
 * parameter's element may be present or absent. The run still goes through the normal action
 * confirmation: this only fills in the action and its values.
 */
import type { ActionParam } from '../../../shared/domain/actions.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { PlanCommand } from '../../../shared/domain/plan.js';

/** Words of a command line, as a POSIX shell would split it without expanding anything. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const PLACEHOLDER = /^(.*)\{([a-z][a-z0-9-]*)\}(.*)$/;

function matchArgv(argv: readonly string[], words: readonly string[], params: Readonly<Record<string, ActionParam>>): Record<string, string> | null {
  const values: Record<string, string> = {};
  let w = 0;
  for (const element of argv) {
    const m = PLACEHOLDER.exec(element);
    const param = m ? params[m[2]!] : undefined;
    if (m && param?.type === 'flag' && m[1] === '' && m[3] === '') {
      if (words[w] === param.flag) {
        values[m[2]!] = 'true';
        w++;
      }
      continue;
    }
    const word = words[w++];
    if (word === undefined) return null;
    if (!m || !param) {
      if (word !== element) return null;
      continue;
    }
    const [, prefix = '', name = '', suffix = ''] = m;
    if (!word.startsWith(prefix) || !word.endsWith(suffix) || word.length < prefix.length + suffix.length + 1) return null;
    const value = word.slice(prefix.length, word.length - suffix.length);
    if (param.type === 'choice' && !param.choices.includes(value)) return null;
    values[name] = value;
  }
  return w === words.length ? values : null;
}

export function matchCommand(line: string, config: WarroomConfig): PlanCommand {
  const words = splitWords(line);
  for (const [id, spec] of Object.entries(config.actions ?? {})) {
    const params = spec.params ?? {};
    const real = matchArgv(spec.argv, words, params);
    if (real) return { line, action: { id, params: real, dryRun: false } };
    const dry = spec.dryRunArgv ? matchArgv(spec.dryRunArgv, words, params) : null;
    if (dry) return { line, action: { id, params: dry, dryRun: true } };
  }
  return { line, action: null };
}
