/**
 * The remediation order (README "Security / remediation order"): severity first, then within a
 * severity what a finding is about. Critical: exposed secrets (rotate them), vulnerable
 * dependencies (CVEs), injection, XSS; High: the same, then authentication, authorisation and
 * cryptography; everything else after. The category comes from the finding's kind, its CWE ids
 * and, when it has none of those, words in its rule id and title.
 */
import type { FindingCategory } from '../../../shared/domain/security-register.js';
import type { FindingKind, Severity } from '../../../shared/domain/security.js';
import { SEVERITIES } from '../../../shared/domain/security.js';

/** Order of categories within one severity. */
export const CATEGORY_ORDER: readonly FindingCategory[] = [
  'secret',
  'dependency',
  'injection',
  'xss',
  'authentication',
  'authorisation',
  'cryptography',
  'other',
];

const CWE_CATEGORY: ReadonlyMap<number, FindingCategory> = new Map([
  // injection: OS command, SQL, code, LDAP, XPath, expression language, template, deserialisation
  ...[74, 75, 77, 78, 88, 89, 90, 91, 94, 95, 96, 97, 113, 116, 134, 502, 564, 611, 643, 652, 917, 943, 1336].map((n) => [n, 'injection'] as const),
  // cross-site scripting
  ...[79, 80, 81, 83, 84, 85, 86, 87].map((n) => [n, 'xss'] as const),
  // authentication: missing or weak authentication, credentials in code, session handling
  ...[259, 287, 288, 290, 294, 306, 307, 308, 384, 521, 522, 523, 613, 620, 640, 798, 1390, 1391].map((n) => [n, 'authentication'] as const),
  // authorisation and access control, including path traversal and permissive permissions
  ...[22, 23, 36, 73, 269, 276, 281, 284, 285, 639, 668, 706, 732, 862, 863, 915, 942, 1275].map((n) => [n, 'authorisation'] as const),
  // cryptography: weak algorithms, keys, randomness, certificate checks, cleartext
  ...[261, 295, 296, 297, 310, 311, 312, 319, 320, 321, 323, 324, 325, 326, 327, 328, 329, 330, 331, 335, 336, 337, 338, 347, 757, 759, 760, 780, 916].map(
    (n) => [n, 'cryptography'] as const,
  ),
]);

/** Words in rule ids and titles, tried in this order when no CWE decides. */
const WORD_CATEGORY: readonly (readonly [RegExp, FindingCategory])[] = [
  [/sql|inject|command|subprocess|shell|exec|eval|deserial|pickle|yaml\.load|xxe|template/i, 'injection'],
  [/xss|cross-site script|innerhtml|dangerouslysetinnerhtml|document\.write/i, 'xss'],
  [/auth(?!ori[sz])|password|credential|session|jwt|login/i, 'authentication'],
  [/authori[sz]|access control|permission|privilege|path traversal|chmod/i, 'authorisation'],
  [/crypt|cipher|md5|sha1|\bdes\b|rc4|random|tls|ssl|certificate|hash/i, 'cryptography'],
];

export function categorize(finding: { kind: FindingKind; cwe: readonly string[]; ruleId: string; title: string }): FindingCategory {
  if (finding.kind === 'secret') return 'secret';
  if (finding.kind === 'dependency') return 'dependency';
  for (const cwe of finding.cwe) {
    const category = CWE_CATEGORY.get(Number(cwe.slice('CWE-'.length)));
    if (category) return category;
  }
  const words = `${finding.ruleId} ${finding.title}`;
  for (const [pattern, category] of WORD_CATEGORY) if (pattern.test(words)) return category;
  return 'other';
}

/** Lower comes first: severity × 10 + the category's place. */
export function priorityOf(severity: Severity, category: FindingCategory): number {
  return SEVERITIES.indexOf(severity) * 10 + CATEGORY_ORDER.indexOf(category);
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The more severe of two. */
export function worse(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
