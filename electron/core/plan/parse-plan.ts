/**
 * A Markdown launch plan → sections, tasks and risks, read with a real CommonMark + GFM parser
 * (mdast-util-from-markdown with the GFM extensions: task list items, tables).
 *
 * - Every heading is a section; a task's path is the headings above it, outermost first.
 * - `- [ ]` / `- [x]`, and list items starting with ✅ ✔ ☑ (done) or ☐ ⬜ 🔲 (open), are tasks;
 *   a task nested under another keeps it as parent. Plain bullets under a task are its notes.
 * - `@name` in a task names an owner; `criterion: id` links it to a board criterion.
 * - A date (YYYY-MM-DD) in a heading is the day of everything under it.
 * - Fenced code inside a task's item, or right after a list whose last task it follows, is that
 *   task's commands (one per line); elsewhere it is kept as a code block of the section.
 * - Tables are kept as tables; one whose header has Risk, Likelihood and Impact is the risk register.
 * - Tasks under a heading "Deliverables…" are deliverables, grouped by the heading (or bullet) below.
 */
import { createHash } from 'node:crypto';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Code, Heading, List, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { DELIVERABLES_TITLE } from '../../../shared/domain/plan.js';
import type { PlanBlock, RiskLevel, RiskStatus } from '../../../shared/domain/plan.js';

export interface ParsedSection {
  path: string[];
  title: string;
  level: number;
  day: string | null;
  blocks: PlanBlock[];
}

export interface ParsedTask {
  key: string;
  path: string[];
  text: string;
  parentKey: string | null;
  depth: number;
  position: number;
  owners: string[];
  criterionId: string | null;
  deliverable: string | null;
  notes: string[];
  commands: string[];
  day: string | null;
  /** What the file says: ticked or not. */
  done: boolean;
  line: number;
}

export interface ParsedRisk {
  title: string;
  likelihood: RiskLevel;
  impact: RiskLevel;
  mitigation: string;
  owner: string | null;
  /** Only when the table has a Status column. */
  status: RiskStatus | null;
  line: number;
}

export interface ParsedPlan {
  sections: ParsedSection[];
  tasks: ParsedTask[];
  risks: ParsedRisk[];
}

/** A plan the parser refuses, with the file and line of the problem. */
export class PlanParseError extends Error {}

const DONE_MARKS = ['✅', '✔️', '✔', '☑️', '☑', '✓'];
const OPEN_MARKS = ['☐', '⬜', '🔲', '◻️', '◻'];
const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
const OWNER = /(^|[\s(,])@([A-Za-z0-9][\w.-]*)/g;
const CRITERION = /\bcriterion:\s*`?([a-z][a-z0-9-]{0,62})`?/i;

/** Plain text of inline content: inline code and link text kept, emphasis dropped. */
function textOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'break') return ' ';
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of a list item's own paragraph(s), without its nested lists and code. */
function ownText(item: ListItem): string {
  return squash(
    item.children
      .filter((child) => child.type === 'paragraph' || child.type === 'heading')
      .map((child) => textOf(child))
      .join(' '),
  );
}

interface TaskMark {
  done: boolean;
  rest: string;
}

/** GFM's checkbox, else a leading emoji checkmark; null: a plain bullet. */
function taskMark(item: ListItem, text: string): TaskMark | null {
  if (item.checked === true || item.checked === false) return { done: item.checked, rest: text };
  for (const mark of DONE_MARKS) if (text.startsWith(mark)) return { done: true, rest: text.slice(mark.length).trim() };
  for (const mark of OPEN_MARKS) if (text.startsWith(mark)) return { done: false, rest: text.slice(mark.length).trim() };
  return null;
}

function ownersOf(text: string): string[] {
  return [...new Set([...text.matchAll(OWNER)].map((m) => m[2]!.replace(/[.-]+$/, '')))];
}

/** The task's words without owners and markers: what it is matched by and shown as. */
function cleanText(text: string): string {
  return squash(text.replace(CRITERION, '').replace(OWNER, '$1').replace(/\(\s*\)|\[\s*\]/g, ''));
}

function commandLines(code: Code): string[] {
  return code.value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function parseLevel(value: string, where: string, column: string): RiskLevel {
  const v = squash(value).toLowerCase().replace(/[^a-z]/g, '');
  if (v === 'low' || v === 'l') return 'low';
  if (v === 'medium' || v === 'med' || v === 'm') return 'medium';
  if (v === 'high' || v === 'h') return 'high';
  throw new PlanParseError(`${where}: ${column} "${value}" is not low, medium or high`);
}

function parseStatus(value: string, where: string): RiskStatus | null {
  const v = squash(value).toLowerCase();
  if (v === '') return null;
  if (v === 'open' || v === 'mitigated' || v === 'accepted' || v === 'closed') return v;
  throw new PlanParseError(`${where}: status "${value}" is not open, mitigated, accepted or closed`);
}

export function parsePlan(markdown: string, fileName: string): ParsedPlan {
  let tree: Root;
  try {
    tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch (error) {
    throw new PlanParseError(`${fileName}: not readable as Markdown (${error instanceof Error ? error.message : String(error)})`);
  }
  const sections: ParsedSection[] = [];
  const tasks: ParsedTask[] = [];
  const risks: ParsedRisk[] = [];
  const headings: { level: number; title: string; day: string | null }[] = [];
  const keyCounts = new Map<string, number>();
  let section: ParsedSection | null = null;
  let lastTopTask: ParsedTask | null = null;

  const at = (node: { position?: { start: { line: number } } | undefined }) => `${fileName}:${node.position?.start.line ?? '?'}`;
  const path = () => headings.map((h) => h.title);
  const currentDay = () => [...headings].reverse().find((h) => h.day)?.day ?? null;

  function currentSection(): ParsedSection {
    if (!section) {
      section = { path: [], title: fileName, level: 0, day: null, blocks: [] };
      sections.push(section);
    }
    return section;
  }

  function deliverableGroup(groupLabel: string | null): string | null {
    const index = headings.findIndex((h) => DELIVERABLES_TITLE.test(h.title));
    if (index < 0) return null;
    const below = headings[index + 1];
    const name = below ? below.title : (groupLabel ?? 'Deliverables');
    return squash(name.replace(/\(\s*\d+\s*(items?)?\s*\)\s*$/i, '').replace(/:$/, ''));
  }

  function uniqueKey(base: string): string {
    const n = (keyCounts.get(base) ?? 0) + 1;
    keyCounts.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  }

  function heading(node: Heading) {
    const title = squash(textOf(node));
    while (headings.length > 0 && headings[headings.length - 1]!.level >= node.depth) headings.pop();
    const date = DATE.exec(title)?.[1] ?? null;
    headings.push({ level: node.depth, title, day: date });
    section = { path: path(), title, level: node.depth, day: currentDay(), blocks: [] };
    sections.push(section);
    lastTopTask = null;
  }

  /** A list: tasks and their nested lists; returns lines of plain bullets that belong to no task. */
  function list(node: List, parent: ParsedTask | null, depth: number, groupLabel: string | null): string[] {
    const plain: string[] = [];
    for (const item of node.children) {
      const text = ownText(item);
      const mark = taskMark(item, text);
      if (!mark) {
        // A plain bullet: a note of the task above, or a label grouping the tasks nested under it.
        const nested = item.children.filter((c): c is List => c.type === 'list');
        const nestedPlain = nested.flatMap((child) => list(child, parent, depth, text || groupLabel));
        const line = `${'  '.repeat(Math.max(0, depth - (parent ? parent.depth + 1 : 0)))}${text}`;
        if (parent) parent.notes.push(line.trim(), ...nestedPlain);
        else plain.push(line, ...nestedPlain.map((l) => `  ${l}`));
        for (const code of item.children.filter((c): c is Code => c.type === 'code')) {
          if (parent) parent.commands.push(...commandLines(code));
          else currentSection().blocks.push({ kind: 'code', lang: code.lang ?? null, lines: code.value.split('\n') });
        }
        continue;
      }
      const taskPath = path();
      const display = cleanText(mark.rest);
      if (display === '') throw new PlanParseError(`${at(item)}: a task has no text`);
      const key = uniqueKey(`${taskPath.join(' › ')} › ${display.toLowerCase()}`);
      const task: ParsedTask = {
        key,
        path: taskPath,
        text: display,
        parentKey: parent?.key ?? null,
        depth,
        position: tasks.length,
        owners: ownersOf(mark.rest),
        criterionId: CRITERION.exec(mark.rest)?.[1]?.toLowerCase() ?? null,
        deliverable: deliverableGroup(groupLabel),
        notes: [],
        commands: [],
        day: currentDay(),
        done: mark.done,
        line: item.position?.start.line ?? 0,
      };
      tasks.push(task);
      if (!parent) lastTopTask = task;
      for (const child of item.children) {
        if (child.type === 'list') list(child, task, depth + 1, groupLabel);
        else if (child.type === 'code') task.commands.push(...commandLines(child));
        else if (child.type === 'table') table(child);
      }
    }
    return plain;
  }

  function table(node: Table) {
    const rows = node.children.map((row) => row.children.map((cell) => squash(textOf(cell))));
    const [header = [], ...body] = rows;
    currentSection().blocks.push({ kind: 'table', header, rows: body });
    const lower = header.map((h) => h.toLowerCase());
    const col = (name: string) => lower.findIndex((h) => h === name || h.startsWith(name));
    const [risk, likelihood, impact] = [col('risk'), col('likelihood'), col('impact')];
    if (risk < 0 || likelihood < 0 || impact < 0) return;
    const [mitigation, owner, status] = [col('mitigation'), col('owner'), col('status')];
    node.children.slice(1).forEach((row, i) => {
      const cells = body[i]!;
      const where = at(row);
      const title = cells[risk] ?? '';
      if (title === '') throw new PlanParseError(`${where}: a risk row has no risk text`);
      risks.push({
        title,
        likelihood: parseLevel(cells[likelihood] ?? '', where, 'likelihood'),
        impact: parseLevel(cells[impact] ?? '', where, 'impact'),
        mitigation: mitigation >= 0 ? (cells[mitigation] ?? '') : '',
        owner: owner >= 0 && cells[owner] ? cells[owner].replace(/^@/, '') : null,
        status: status >= 0 ? parseStatus(cells[status] ?? '', where) : null,
        line: row.position?.start.line ?? 0,
      });
    });
  }

  function block(node: RootContent, previous: RootContent | undefined) {
    switch (node.type) {
      case 'heading':
        heading(node);
        return;
      case 'list': {
        const plain = list(node, null, 0, null);
        if (plain.length > 0) currentSection().blocks.push({ kind: 'text', text: plain.map((l) => `• ${l}`).join('\n') });
        return;
      }
      case 'code':
        // Right after a list of tasks: the commands of its last task.
        if (previous?.type === 'list' && lastTopTask) lastTopTask.commands.push(...commandLines(node));
        else currentSection().blocks.push({ kind: 'code', lang: node.lang ?? null, lines: node.value.split('\n') });
        return;
      case 'table':
        table(node);
        return;
      case 'paragraph':
      case 'blockquote': {
        const text = squash(textOf(node));
        if (text) currentSection().blocks.push({ kind: 'text', text });
        return;
      }
      default:
        return; // thematic breaks, HTML comments, definitions: nothing to show
    }
  }

  tree.children.forEach((node, i) => block(node, tree.children[i - 1]));
  return { sections, tasks, risks };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

