// Speed and memory of parsing a scanner report: generates a 10,000-result SARIF over a generated
// source tree (scripts/bench/gen-sarif.mjs), then parses it in a fresh Node process (so its peak
// RSS is the parse's own) and prints time, findings and peak RSS. The register's bench can call
// benchSecurityParse(). Run: npm run build:core && node scripts/bench-security-parse.mjs
// Options: --results N (default 10000), --runs N (default 3), --keep (leave the temp folder).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSarif } from './bench/gen-sarif.mjs';

const self = fileURLToPath(import.meta.url);
const parsersModule = new URL('../dist-node/electron/core/security/parsers/index.js', import.meta.url).href;

/** One parse, in this process: { ms, cpuMs, findings, warnings, peakRssMb }. */
async function parseOnce(reportPath, scanRoot) {
  const { parseReportFile } = await import(parsersModule);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await parseReportFile(reportPath, { scanRoot });
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  // CPU time says what the parse costs on one core even when the machine is busy (wall time does not).
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, findings: report.findings.length, warnings: report.warnings, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Generates a report of `results` results and parses it `runs` times, each in a fresh process. */
export function benchSecurityParse({ results = 10_000, runs = 3, keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-parse-'));
  try {
    const scanRoot = join(dir, 'scan');
    const reportPath = join(dir, 'report.sarif');
    const { bytes } = generateSarif({ results, scanRoot, reportPath });
    const measured = [];
    for (let run = 0; run < runs; run += 1) {
      const out = execFileSync(process.execPath, [self, '--child', reportPath, scanRoot], { encoding: 'utf8' });
      measured.push(JSON.parse(out));
    }
    return { results, bytes, runs: measured, dir: keep ? dir : null };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { child: { type: 'boolean', default: false }, results: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (values.child) {
    const [reportPath, scanRoot] = positionals;
    process.stdout.write(JSON.stringify(await parseOnce(reportPath, scanRoot)));
  } else {
    const result = benchSecurityParse({ results: Number(values.results), runs: Number(values.runs), keep: values.keep });
    const mb = (result.bytes / 1024 / 1024).toFixed(1);
    console.log(`security report parse: ${result.results} SARIF results (${mb} MB), ${result.runs.length} runs, each in a fresh process`);
    for (const [i, run] of result.runs.entries()) {
      console.log(`  run ${i + 1}: ${run.ms.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU, ${run.findings} findings, peak RSS ${run.peakRssMb.toFixed(0)} MB${run.warnings.length ? `, warnings: ${run.warnings.join(' | ')}` : ''}`);
    }
    const best = Math.min(...result.runs.map((r) => r.ms));
    const bestCpu = Math.min(...result.runs.map((r) => r.cpuMs));
    const worstRss = Math.max(...result.runs.map((r) => r.peakRssMb));
    const [load1] = loadavg();
    console.log(`best ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU (budget: well under 3000 ms), peak RSS ${worstRss.toFixed(0)} MB (budget: 300 MB); load average ${load1?.toFixed(1)} on ${availableParallelism()} cores`);
    if (result.dir) console.log(`kept ${result.dir}`);
  }
}
