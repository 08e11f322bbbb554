/**
 * Configured scanners run as real processes with real tools (bandit, flawfinder, eslint,
 * secretlint, npm): the report decides, never the exit code; a scanner that writes nothing, is
 * not installed, or is refused by the registry is a failed scan; timeout and cancel stop the
 * whole tree; the folder wrapper imports every report; and the rehearsal's cycle: scan → triage
 * a High → fix it in a copy → re-scan → fixed → the gate opens.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanRun } from '../../../../shared/domain/security-scanners.js';
import { parseConfigText } from '../../config/load-config.js';
import { createCoreParts, type CoreParts } from '../../core.js';
import { silentLogger } from '../../logger.js';
import { createCoreClient } from '../../rpc/core-client.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { isRunning } from '../../actions/testing/run-fixtures.js';
import { sampleRoot } from '../parsers/fixtures-test-support.js';

const wrapper = resolve(sampleRoot, '../security-scan.mjs');

/** A grandchild that records its pid, then both sleep: what timeout and cancel must stop. */
const SLEEPER = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
writeFileSync('grandchild.pid', String(child.pid));
console.error('scanning slowly');
setTimeout(() => {}, 600000);
`;

let temp: ReturnType<typeof makeTempDir>;
let core: CoreParts;
let sample: string;

function configText(): string {
  return `
version: 1
name: scanner tests
defaultEnvironment: rehearsal
environments:
  rehearsal: { label: Rehearsal }
  production: { label: Production, production: true }
services:
  api: { name: API, baseUrl: http://127.0.0.1:9 }
security:
  scanners:
    bandit:
      argv: [bandit, -q, -r, ., -f, json]
      cwd: sample
      format: bandit
      timeout: 2m
    silent:
      argv: [node, -e, "console.error('nothing to report')"]
    stale-file:
      argv: [node, -e, "0"]
      output: { file: old-report.sarif }
    not-installed:
      argv: [warroom-no-such-scanner, --scan]
    npm-audit:
      argv: [npm, audit, --json]
      cwd: sample
      format: npm-audit
      timeout: 2m
    slow:
      argv: [node, sleeper.cjs]
      timeout: 1s
    slow-long:
      argv: [node, sleeper.cjs]
      timeout: 10m
    wrapper:
      argv: [node, ${JSON.stringify(wrapper)}, sample]
      output: { folder: reports }
      scanRoot: sample
      timeout: 5m
    production-only:
      argv: [node, -e, "0"]
      environments: [production]
`;
}

beforeEach(() => {
  temp = makeTempDir();
  sample = join(temp.path, 'sample');
  cpSync(sampleRoot, sample, { recursive: true });
  writeFileSync(join(temp.path, 'sleeper.cjs'), SLEEPER);
  const configPath = join(temp.path, 'warroom.yaml');
  writeFileSync(configPath, configText());
  core = createCoreParts({
    loaded: { config: parseConfigText(configText(), configPath), path: configPath, bundled: false },
    dataDir: join(temp.path, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
});
afterEach(async () => {
  await core.close();
  temp.remove();
});

const operator = () => createCoreClient(core, { role: 'operator', transport: 'cli' });

async function scan(id: string): Promise<ScanRun> {
  const [run] = await operator().call('security.startScan', { scanners: [id], actor: 'ana' });
  return core.scanners.ended(run!.id);
}


describe('a scanner run', () => {
  it('imports the real report of bandit (which exits 1 when it finds something) into the register', async () => {
    const run = await scan('bandit');
    expect(run).toMatchObject({ status: 'ok', exitCode: 1, reports: ['stdout'], phase: 'ended' });
    expect(run.counts?.new).toBeGreaterThanOrEqual(5);
    expect(run.scanIds).toHaveLength(1);
    const scans = await operator().call('security.listScans', {});
    expect(scans[0]).toMatchObject({ id: run.scanIds[0], status: 'ok', tools: [expect.objectContaining({ tool: 'bandit' })] });
    // Debian's bandit 1.6.2 is named with its version and warned about.
    expect(scans[0]!.warnings.join(' ')).toMatch(/bandit/);
    const stored = await operator().call('security.getScanRun', { runId: run.id });
    expect(stored.run).toEqual(run);
    const listed = await operator().call('security.scanners', {});
    expect(listed.scanners.find((s) => s.id === 'bandit')).toMatchObject({ available: true, running: null, lastRun: { id: run.id, status: 'ok' } });
  });

  it('is a failed scan, never a clean one, when the scanner writes no report', async () => {
    const run = await scan('silent');
    expect(run).toMatchObject({ status: 'failed', exitCode: 0, counts: null });
    expect(run.reason).toMatch(/^report not written: the scanner printed nothing on stdout/);
    const stored = await operator().call('security.getScanRun', { runId: run.id });
    expect(stored.output).toContain('nothing to report');
    const scans = await operator().call('security.listScans', {});
    expect(scans[0]).toMatchObject({ id: run.scanIds[0], status: 'failed', error: expect.stringContaining('report not written') });
    expect(await operator().call('security.gate', {})).toBeNull(); // no evidence, not "open"
  });

  it('does not take a report left by an earlier run for this run\'s result', async () => {
    writeFileSync(join(temp.path, 'old-report.sarif'), readFileSync(join(sampleRoot, '../../../electron/core/security/parsers/fixtures/flawfinder.sarif')));
    const run = await scan('stale-file');
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^report not written: old-report\.sarif is from an earlier run/);
  });

  it('fails naming the program when the scanner is not installed', async () => {
    const run = await scan('not-installed');
    expect(run).toMatchObject({ status: 'failed', exitCode: null });
    expect(run.reason).toBe('could not start: program not found: warroom-no-such-scanner (is the scanner installed?)');
  });

  it('says "dependency audit unavailable" with npm\'s reason when the registry refuses npm audit', async () => {
    const run = await scan('npm-audit');
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^dependency audit unavailable: \S/);
    expect(run.counts).toBeNull();
    expect((await operator().call('security.overview', {})).total).toBe(0);
  }, 120_000);

  it('times out, killing the whole tree', async () => {
    const run = await scan('slow');
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^timed out after 1 s/);
    const grandchild = Number(readFileSync(join(temp.path, 'grandchild.pid'), 'utf8'));
    expect(isRunning(grandchild)).toBe(false);
  });

  it('is cancelled with its whole tree, and runs once at a time per scanner', async () => {
    const client = operator();
    const started = new Promise<void>((settle) => {
      const off = client.on('security.scanOutput', (chunk) => {
        if (chunk.text.includes('scanning slowly')) {
          off();
          settle();
        }
      });
    });
    const [run] = await client.call('security.startScan', { scanners: ['slow-long'], actor: 'ana' });
    await started;
    await expect(client.call('security.startScan', { scanners: ['slow-long'], actor: 'ben' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await client.call('security.getScanRun', { runId: run!.id })).output).toContain('scanning slowly');
    await client.call('security.cancelScan', { runId: run!.id, actor: 'ben' });
    const ended = await core.scanners.ended(run!.id);
    expect(ended).toMatchObject({ status: 'cancelled', reason: 'cancelled by ben', scanIds: [] });
    expect(isRunning(Number(readFileSync(join(temp.path, 'grandchild.pid'), 'utf8')))).toBe(false);
    await expect(client.call('security.cancelScan', { runId: run!.id, actor: 'ben' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses a scanner of another environment, and an unknown one', async () => {
    await expect(operator().call('security.startScan', { scanners: ['production-only'], actor: 'ana' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(operator().call('security.startScan', { scanners: ['nope'], actor: 'ana' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createCoreClient(core, { role: 'viewer', transport: 'cli' }).call('security.startScan', { scanners: ['silent'], actor: 'ana' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the folder wrapper', () => {
  it('imports every report the wrapper wrote: bandit, flawfinder, eslint and secretlint', async () => {
    const run = await scan('wrapper');
    expect(run.status).toBe('ok');
    expect(run.reports).toEqual(['reports/bandit.json', 'reports/eslint.sarif', 'reports/flawfinder.sarif', 'reports/secretlint.sarif']);
    const scans = await operator().call('security.listScans', {});
    const tools = scans.filter((s) => run.scanIds.includes(s.id)).flatMap((s) => s.tools.map((t) => t.tool)).sort();
    expect(tools).toEqual(['ESLint', 'Flawfinder', 'bandit', 'secretlint']);
    const overview = await operator().call('security.overview', {});
    expect(overview.openBySeverity.critical).toBeGreaterThan(0); // the sample's keys
    const secrets = await operator().call('security.listFindings', { filter: { kind: ['secret'] } });
    expect(secrets.findings.every((f) => f.location !== null && !f.location.file.startsWith('/'))).toBe(true);
  }, 120_000);
});

describe('the rehearsal cycle', () => {
  it('scan → triage a High → fix it in a copy → re-scan → fixed → the gate opens', async () => {
    const client = operator();
    const first = await scan('bandit');
    expect(first.status).toBe('ok');
    const gateBefore = await client.call('security.gate', {});
    expect(gateBefore?.open).toBe(false);
    const highs = await client.call('security.listFindings', { filter: { severity: ['high'], state: ['open'] } });
    expect(highs.total).toBe(1);
    const high = highs.findings[0]!;
    expect(high).toMatchObject({ ruleId: 'B602', location: { file: 'app/orders.py' } });
    await client.call('security.triage', { ids: [high.id], state: 'confirmed', reason: 'shell=True with a folder name from the request', actor: 'ana' });

    const orders = join(sample, 'app/orders.py');
    writeFileSync(orders, readFileSync(orders, 'utf8').replace('subprocess.call("tar czf /tmp/orders.tgz " + folder, shell=True)', 'subprocess.call(["tar", "czf", "/tmp/orders.tgz", folder])'));
    const second = await scan('bandit');
    expect(second.status).toBe('ok');
    expect(second.counts).toMatchObject({ fixed: 1, unchanged: first.counts!.new - 1 });
    // The fix has bandit say what argv-style subprocess calls always get: Low notes, nothing High.
    const fresh = await client.call('security.compareScans', { baseScanId: first.scanIds[0]!, scanId: second.scanIds[0]! });
    expect(fresh.new.map((f) => f.severity)).toEqual(Array(second.counts!.new).fill('low'));
    expect(fresh.fixed.map((f) => f.id)).toEqual([high.id]);
    expect((await client.call('security.getFinding', { id: high.id })).finding.state).toBe('fixed');
    const gateAfter = await client.call('security.gate', {});
    expect(gateAfter).toMatchObject({ open: true });
    expect(existsSync(orders)).toBe(true);
  }, 60_000);
});
