// A generated SARIF 2.1.0 report of N results over a generated source tree, for the parser and
// register benchmarks: 50 rules (half in an extension), security-severity and CWE tags, half
// the results with a snippet and half whose context is read from the source files, some with
// fingerprints, suppressions and secrets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes `src/` (files × linesPerFile) under scanRoot and the report to reportPath.
 * @returns {{ bytes: number }}
 */
export function generateSarif({ results = 10_000, files = 500, linesPerFile = 60, scanRoot, reportPath }) {
  for (let f = 0; f < files; f += 1) {
    const dir = join(scanRoot, 'src', `module${f % 25}`);
    mkdirSync(dir, { recursive: true });
    const lines = Array.from({ length: linesPerFile }, (_, l) => `  const value${l} = compute(input${l}, "${f}-${l}");   // line ${l + 1}`);
    writeFileSync(join(dir, `file${f}.js`), lines.join('\n') + '\n');
  }
  const rule = (i) => ({
    id: `bench/rule-${i}`,
    shortDescription: { text: `Benchmark rule ${i}` },
    defaultConfiguration: { level: ['error', 'warning', 'note'][i % 3] },
    helpUri: `https://example.invalid/rules/${i}`,
    properties: { tags: ['security', `external/cwe/cwe-${79 + i}`], ...(i % 4 === 0 ? { 'security-severity': String((i % 10) + 0.5) } : {}) },
  });
  const rows = [];
  for (let r = 0; r < results; r += 1) {
    const f = r % files;
    const line = (Math.floor(r / files) % linesPerFile) + 1;
    const ruleIndex = r % 50;
    const inExtension = ruleIndex >= 25;
    const region = { startLine: line, startColumn: 3, endColumn: 20 };
    if (r % 2 === 0) region.snippet = { text: `  const value${line - 1} = compute(input${line - 1}, "${f}-${line - 1}");` };
    rows.push({
      ruleId: `bench/rule-${ruleIndex}`,
      ...(inExtension ? { rule: { id: `bench/rule-${ruleIndex}`, index: ruleIndex - 25, toolComponent: { index: 0 } } } : { ruleIndex }),
      message: { text: `Finding ${r} of rule ${ruleIndex} in file ${f}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `src/module${f % 25}/file${f}.js`, uriBaseId: 'SRCROOT' }, region } }],
      ...(r % 5 === 0 ? { partialFingerprints: { primaryLocationLineHash: `${f}:${line}:${ruleIndex}` } } : {}),
      ...(r % 97 === 0 ? { suppressions: [{ kind: 'inSource', justification: 'bench' }] } : {}),
    });
  }
  const report = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'bench-scanner', version: '1.0.0', rules: Array.from({ length: 25 }, (_, i) => rule(i)) },
          extensions: [{ name: 'bench-pack', rules: Array.from({ length: 25 }, (_, i) => rule(i + 25)) }],
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(scanRoot).href + '/' } },
        results: rows,
      },
    ],
  };
  const text = JSON.stringify(report);
  writeFileSync(reportPath, text);
  return { bytes: Buffer.byteLength(text) };
}
