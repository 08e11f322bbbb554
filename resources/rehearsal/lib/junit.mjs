// A JUnit XML report of a script's checks, for Warroom to read as test results (an action's `junit:`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const escape = (text) =>
  String(text).replace(/[<>&"'\n]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '\n': '&#10;' })[c]);

/** Collects checks: record(name, ok, message) once per check, then write(path). */
export function junitReport(suite) {
  const started = Date.now();
  const cases = [];
  return {
    record(name, ok, message = '') {
      cases.push({ name, ok, message, at: Date.now() });
    },
    write(path) {
      const failures = cases.filter((c) => !c.ok).length;
      const seconds = ((Date.now() - started) / 1000).toFixed(3);
      const body = cases
        .map((c) => `    <testcase classname="${escape(suite)}" name="${escape(c.name)}">${c.ok ? '' : `<failure message="${escape(c.message)}"/>`}</testcase>`)
        .join('\n');
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escape(suite)}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">\n` +
          `  <testsuite name="${escape(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${new Date(started).toISOString()}">\n${body}\n  </testsuite>\n</testsuites>\n`,
      );
    },
  };
}
