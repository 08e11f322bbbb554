/**
 * Reads a JUnit XML report (pytest --junitxml, vitest's and jest's junit reporters, Playwright)
 * into counts and failing tests. Counts come from the <testcase> elements themselves, not from the
 * suites' attributes, which some writers leave out or fill differently.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FailingTest } from '../../../shared/domain/test-reports.js';

export interface JUnitCounts {
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** At most MAX_FAILING, in report order. */
  failing: FailingTest[];
}

export class JUnitFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JUnitFormatError';
  }
}

export const MAX_FAILING = 200;
const MAX_MESSAGE = 300;

/** Elements that may repeat; always read as lists so one and many look alike. */
const REPEATED = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  // Character references (&#10; in pytest's messages) and HTML's named ones; never external entities.
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

type XmlNode = { [key: string]: unknown };

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element as a list of nodes: `<x/>` is '' and `<x>text</x>` a string to the parser. */
function nodes(value: unknown): XmlNode[] {
  const asNode = (item: unknown): XmlNode => (isNode(item) ? item : { '#text': text(item) });
  if (Array.isArray(value)) return value.map(asNode);
  return value === undefined || value === null ? [] : [asNode(value)];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function parseJUnit(xml: string): JUnitCounts {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new JUnitFormatError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document: unknown = parser.parse(xml);
  if (!isNode(document) || (!('testsuites' in document) && !('testsuite' in document))) {
    throw new JUnitFormatError('not a JUnit report: expected a <testsuites> or <testsuite> root element');
  }
  const counts: JUnitCounts = { tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0, failing: [] };
  const suites = 'testsuites' in document ? nodes(document.testsuites).flatMap((root) => nodes(root.testsuite)) : nodes(document.testsuite);
  const visit = (suite: XmlNode, path: string[]) => {
    const name = text(suite.name);
    const here = name ? [...path, name] : path;
    for (const testcase of nodes(suite.testcase)) countCase(testcase, here, counts);
    // jest and some others nest suites.
    for (const inner of nodes(suite.testsuite)) visit(inner, here);
  };
  for (const suite of suites) visit(suite, []);
  return counts;
}

function countCase(testcase: XmlNode, suitePath: string[], counts: JUnitCounts): void {
  counts.tests += 1;
  const failure = nodes(testcase.failure)[0];
  const error = nodes(testcase.error)[0];
  if (failure || error) {
    const kind = failure ? 'failure' : 'error';
    if (kind === 'failure') counts.failed += 1;
    else counts.errors += 1;
    if (counts.failing.length < MAX_FAILING) counts.failing.push({ name: caseName(testcase, suitePath), kind, message: firstLine(failure ?? error!) });
    return;
  }
  if (nodes(testcase.skipped).length > 0) counts.skipped += 1;
  else counts.passed += 1;
}

/** "suite › classname › name", without repeating a part the writer already put in another. */
function caseName(testcase: XmlNode, suitePath: string[]): string {
  const parts = [...suitePath, text(testcase.classname), text(testcase.name)].filter(Boolean);
  const unique = parts.filter((part, index) => parts.indexOf(part) === index);
  return unique.join(' › ');
}

function firstLine(element: XmlNode): string {
  const message = text(element.message) || text(element['#text']);
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
