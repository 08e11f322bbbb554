// The findings register under launch-size load: imports a generated 10,000-result SARIF
// (scripts/bench/gen-sarif.mjs) through security.importReports into a fresh core on a temp data
// dir, in a fresh Node process (so its peak RSS is the import's own), then filters the 10,000
// findings through security.listFindings. Budgets (issue 9): import < 3 s, RSS < 300 MB,
// filtering < 100 ms. Run: npm run bench:security  (options: --results N, --runs N)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSarif } from './bench/gen-sarif.mjs';

const self = fileURLToPath(import.meta.url);
const dist = (path) => new URL(`../dist-node/electron/core/${path}`, import.meta.url).href;

/** The filters a war-room table asks for, each timed as one security.listFindings call. */
const FILTERS = [
  ['first page, remediation order', {}],
  ['open critical + high', { filter: { state: ['open', 'confirmed'], severity: ['critical', 'high'] } }],
  ['text search "rule-7"', { filter: { text: 'rule-7' } }],
  ['path prefix src/module3/', { filter: { pathPrefix: 'src/module3/' } }],
  ['overdue', { filter: { overdue: true } }],
  ['by tool, sorted by file, page 20', { filter: { tool: 'bench-scanner' }, sort: 'file', offset: 4000, limit: 200 }],
  ['all 10,000 in one page', { limit: 10_000 }],
];

async function child(reportPath, scanRoot, dataDir) {
  const { createCore } = await import(dist('core.js'));
  const { loadConfigFile } = await import(dist('config/load-config.js'));
  const { defaultResourcesDir } = await import(dist('paths.js'));
  const { silentLogger } = await import(dist('logger.js'));
  const core = createCore({
    loaded: loadConfigFile(join(defaultResourcesDir(), 'rehearsal.yaml'), { bundled: true }),
    dataDir,
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
  });
  const ctx = { role: 'operator', transport: 'cli' };
  const call = async (name, input) => {
    const result = await core.dispatch(name, input, ctx);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const imported = await call('security.importReports', { paths: [reportPath], scanRoot, actor: 'bench' });
    const cpu = process.cpuUsage(cpuBefore);
    const importMs = performance.now() - started;
    const importRssMb = process.resourceUsage().maxRSS / 1024;
    const filters = [];
    for (const [label, input] of FILTERS) {
      const times = [];
      const cpuTimes = [];
      let total = 0;
      for (let i = 0; i < 5; i += 1) {
        const t = performance.now();
        const c = process.cpuUsage();
        const page = await call('security.listFindings', input);
        const used = process.cpuUsage(c);
        cpuTimes.push((used.user + used.system) / 1000);
        times.push(performance.now() - t);
        total = page.total;
      }
      times.sort((a, b) => a - b);
      cpuTimes.sort((a, b) => a - b);
      filters.push({ label, medianMs: times[2], maxMs: times[4], cpuMs: cpuTimes[2], total, whole: input.limit === 10_000 });
    }
    return { importMs, importCpuMs: (cpu.user + cpu.system) / 1000, importRssMb, findings: imported.new, filters };
  } finally {
    await core.close();
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { child: { type: 'boolean', default: false }, results: { type: 'string', default: '10000' }, runs: { type: 'string', default: '2' } },
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (values.child) {
    const [reportPath, scanRoot, dataDir] = positionals;
    process.stdout.write(JSON.stringify(await child(reportPath, scanRoot, dataDir)));
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-security-'));
    try {
      const scanRoot = join(dir, 'scan');
      const reportPath = join(dir, 'report.sarif');
      const results = Number(values.results);
      const { bytes } = generateSarif({ results, scanRoot, reportPath });
      console.log(`security register: ${results} SARIF results (${(bytes / 1024 / 1024).toFixed(1)} MB) into a fresh register, ${values.runs} runs, each in a fresh process`);
      const runs = [];
      for (let run = 0; run < Number(values.runs); run += 1) {
        const dataDir = join(dir, `data-${run}`);
        const out = execFileSync(process.execPath, [self, '--child', reportPath, scanRoot, dataDir], { encoding: 'utf8' });
        const measured = JSON.parse(out);
        runs.push(measured);
        console.log(`  run ${run + 1}: import ${measured.importMs.toFixed(0)} ms wall, ${measured.importCpuMs.toFixed(0)} ms CPU, ${measured.findings} findings, peak RSS ${measured.importRssMb.toFixed(0)} MB`);
        for (const f of measured.filters) console.log(`    listFindings ${f.label}: median ${f.medianMs.toFixed(1)} ms wall, ${f.cpuMs.toFixed(1)} ms CPU, max ${f.maxMs.toFixed(1)} ms (${f.total} match)`);
      }
      const best = Math.min(...runs.map((r) => r.importMs));
      const rss = Math.max(...runs.map((r) => r.importRssMb));
      // The budget is for filtering (a page of a virtualised table); one page of all 10,000 is shown for scale.
      const slowestFilter = Math.max(...runs.flatMap((r) => r.filters.filter((f) => !f.whole).map((f) => f.medianMs)));
      const bestCpu = Math.min(...runs.map((r) => r.importCpuMs));
      const [load1] = loadavg();
      console.log(
        `import best ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU (budget 3000 ms), peak RSS ${rss.toFixed(0)} MB (budget 300 MB), slowest filter median ${slowestFilter.toFixed(1)} ms wall (budget 100 ms; pages of 200); load average ${load1?.toFixed(1)} on ${availableParallelism()} cores`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
