/**
 * A YAML document's value with its aliases bounded. A "billion laughs" (anchors holding aliases
 * of anchors holding aliases…) expands a few hundred bytes into millions of values; the yaml
 * library stops at `maxAliasCount` with an error that carries no position. This module reports
 * that, an alias with no anchor, and an alias inside its own anchor (a value containing itself)
 * as a problem at the alias, so the config error can say file:line:col.
 */
import { isAlias, isCollection, isPair, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';

/** The yaml library's own measure of alias expansion, and its default. */
const MAX_ALIAS_COUNT = 100;

export type DocumentValue = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

export function documentValue(doc: Document): DocumentValue {
  const found = findAliases(doc);
  if ('message' in found) return found;
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError) || found.length === 0) throw error;
    const sizes = expandedSizes(doc, found);
    const heaviest = found.reduce((a, b) => ((sizes.get(b.alias) ?? 0) > (sizes.get(a.alias) ?? 0) ? b : a)).alias;
    return problem(
      heaviest,
      `too many aliases: *${heaviest.source} alone expands to ${sizes.get(heaviest) ?? 'many'} values (a "billion laughs"); write the values out instead of nesting aliases`,
    );
  }
}

interface ResolvedAlias {
  alias: Alias;
  target: YamlNode;
}

/**
 * Every alias with the node it stands for: the last node before it with that anchor, as the
 * yaml library resolves it (one pass, where `Alias.resolve` walks the whole document per alias).
 */
function findAliases(doc: Document): ResolvedAlias[] | Extract<DocumentValue, { ok: false }> {
  const anchors = new Map<string, YamlNode>();
  const aliases: ResolvedAlias[] = [];
  let broken: Extract<DocumentValue, { ok: false }> | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.set(node.anchor, node);
        return undefined;
      }
      const target = anchors.get(node.source);
      if (!target) broken = problem(node, `alias *${node.source} names no anchor before it`);
      else if (path.includes(target)) broken = problem(node, `alias *${node.source} is inside its own anchor (a value that contains itself)`);
      else aliases.push({ alias: node, target });
      return broken ? visit.BREAK : undefined;
    },
  });
  return broken ?? aliases;
}

/**
 * How many values each alias becomes once expanded, in one pass in document order: an anchor
 * ends before any alias to it begins, so its size is known when the alias is reached.
 */
function expandedSizes(doc: Document, aliases: readonly ResolvedAlias[]): Map<unknown, number> {
  const targetOf = new Map<unknown, YamlNode>(aliases.map(({ alias, target }) => [alias, target]));
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown): number => {
    let size = 1;
    if (isAlias(node)) size = sizes.get(targetOf.get(node)) ?? 1;
    else if (isPair(node)) size = sizeOf(node.key) + sizeOf(node.value);
    else if (isCollection(node)) for (const item of node.items) size += sizeOf(item);
    size = Math.min(size, Number.MAX_SAFE_INTEGER);
    sizes.set(node, size);
    return size;
  };
  sizeOf(doc.contents);
  return sizes;
}

function problem(alias: Alias, message: string): Extract<DocumentValue, { ok: false }> {
  return { ok: false, offset: alias.range?.[0] ?? 0, message };
}
