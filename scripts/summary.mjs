// Prints one closing line over every suite's JSON report: "N passed, N failed, N skipped".
// Exits 1 on any failure, on a missing report, or when nothing passed.
import fs from 'node:fs';

export function summarize(files) {
  let passed = 0, failed = 0, skipped = 0;
  const problems = [];
  for (const file of files) {
    if (!fs.existsSync(file)) {
      problems.push(`missing report ${file}`);
      failed += 1;
      continue;
    }
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (report.stats) {
      // Playwright
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
      skipped += report.stats.skipped;
      if ((report.errors ?? []).length > 0) {
        problems.push(...report.errors.map((e) => `${file}: ${e.message ?? e}`));
        failed += report.errors.length;
      }
    } else {
      // Vitest
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
      // A test file that fails to load counts as a failure, not as zero tests.
      const broken = (report.testResults ?? []).filter((r) => r.status === 'failed' && r.assertionResults.length === 0);
      failed += broken.length;
      problems.push(...broken.map((r) => `${r.name}: ${String(r.message).split('\n')[0]}`));
    }
  }
  return { passed, failed, skipped, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed, skipped, problems } = summarize(process.argv.slice(2));
  for (const problem of problems) console.error(problem);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}
