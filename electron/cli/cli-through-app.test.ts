/**
 * Commands that start runs go through the app that holds the data dir, with real processes: a
 * `warroom serve` on a temp data dir, then `warroom action run` / `warroom load` from the CLI on the
 * same data dir. The run happens in serve (its listRuns, its audit trail, once), its output streams
 * to the terminal, the exit code is the script's, and the one-run-per-target rule holds across the
 * two processes. A missing or garbled token file is a clear usage error.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../../shared/domain/actions.js';
import type { DrillRun } from '../../shared/domain/drills.js';
import type { LoadOverview } from '../../shared/domain/load-runs.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { TOKEN_FILE } from '../web/token-file.js';
import { connectToApp } from '../web/http-command-client.js';
import { parseReport } from '../core/security/parsers/index.js';
import { fixtureText, sampleRoot } from '../core/security/parsers/fixtures-test-support.js';
import { cliRun } from './testing/cli-run.js';
import { startServe } from './testing/serve-process.js';
import type { ServeProcess } from './testing/serve-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  dir: string;
  dataDir: string;
  config: string;
  serve: ServeProcess;
  url: string;
}

/** A config whose `hold` action runs until the test writes `release-<target>`, then exits 3. */
async function setUp(env: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const temp = makeTempDir();
  cleanups.push(() => temp.remove());
  const dir = temp.path;
  writeFileSync(
    join(dir, 'hold.mjs'),
    `import { existsSync } from 'node:fs';
const target = process.argv[2];
console.log('holding ' + target);
const file = new URL('./release-' + target, import.meta.url);
const timer = setInterval(() => {
  if (!existsSync(file)) return;
  clearInterval(timer);
  console.log('released ' + target);
  process.exitCode = 3;
}, 20);
`,
  );
  chmodSync(join(dir, 'hold.mjs'), 0o644);
  const config = join(dir, 'warroom.yaml');
  writeFileSync(
    config,
    `version: 1
name: through the app
defaultEnvironment: staging
environments: { staging: { label: Staging } }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
  web: { name: Web, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
actions:
  hold:
    label: Hold
    argv: [node, ${JSON.stringify(join(dir, 'hold.mjs'))}, "{target}"]
    params:
      target: { type: service }
    confirm: none
  check: { label: Check, argv: [node, -e, "console.log('checked')"], confirm: none }
  broken: { label: Broken, argv: [node, -e, "console.log('breaking'); process.exit(4)"], confirm: none }
drills:
  release:
    label: Release
    steps:
      - { name: Check, action: check }
      - { name: Look at the console, manual: "Goals load in the console" }
  broken:
    label: Broken
    confirm: none
    steps:
      - { name: Break, action: broken }
      - { name: Check, action: check }
board:
  criteria:
    trained:
      title: Team trained on rollback
      group: operational
      category: operations
      signoff: { role: operations }
`,
  );
  const dataDir = join(dir, 'data');
  const serve = startServe({ dataDir, config, env });
  cleanups.push(() => serve.stop());
  return { dir, dataDir, config, serve, url: await serve.url };
}

/** Calls the serve process as a local client would: the control token from the data dir. */
async function rpc(setup: Setup, name: string, input: unknown): Promise<unknown> {
  const token = readFileSync(join(setup.dataDir, TOKEN_FILE), 'utf8').trim();
  const response = await fetch(`${setup.url}rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: unknown };
  expect(body.ok).toBe(true);
  return body.value;
}

const common = (setup: Setup) => ['--data-dir', setup.dataDir, '--config', setup.config];

// Real processes start in seconds on a loaded machine.
describe('CLI commands that start runs, beside a running warroom serve', { timeout: 90_000 }, () => {
  it('runs the action in serve, streams its output, exits with its code; a second start on the same target is refused', async () => {
    const setup = await setUp();
    const first = cliRun(['action', 'run', 'hold', '-p', 'target=api', '--as', 'ana', ...common(setup)]);
    await first.until('holding api');

    const second = await cliRun(['action', 'run', 'hold', '-p', 'target=api', '--as', 'bo', ...common(setup)]).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('hold on api is already running');
    expect(second.stderr).toContain(`going through warroom serve (pid ${setup.serve.child.pid}`);

    writeFileSync(join(setup.dir, 'release-api'), '');
    const ended = await first.done;
    expect(ended.stdout).toBe('holding api\nreleased api\n');
    expect(ended.stderr.split('\n')[0]).toBe(`warroom: going through warroom serve (pid ${setup.serve.child.pid}) at ${setup.url}`);
    expect(ended.stderr).toContain('hold: failed — exit code 3');
    expect(ended.code).toBe(3);

    // The run is serve's: in its list, with its audit entries once each.
    const runs = (await rpc(setup, 'actions.listRuns', { actionId: 'hold' })) as ActionRun[];
    const ran = runs.filter((run) => run.actor === 'ana');
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ state: 'failed', exitCode: 3, params: { target: 'api' } });
    const refused = runs.filter((run) => run.actor === 'bo');
    expect(refused.every((run) => run.state === 'refused')).toBe(true);
    const audit = (await rpc(setup, 'audit.export', { sinceSeq: 1, limit: 1000 })) as { lines: string[] };
    const events = audit.lines.map((line) => JSON.parse(line) as { event: string; runId: number | null }).filter((entry) => entry.runId === ran[0]!.id);
    expect(events.map((entry) => entry.event).sort()).toEqual(['exited', 'requested', 'started']);
    expect((await cliRun(['audit', 'verify', ...common(setup)]).done).code).toBe(0);
  });

  it('signs off through serve, so the running board counts it at once', async () => {
    const setup = await setUp();
    const signed = await cliRun(['signoff', 'trained', '--as', 'ana', '--note', 'drill done', ...common(setup)]).done;
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stderr).toContain(`going through warroom serve (pid ${setup.serve.child.pid}`);
    const board = (await rpc(setup, 'board.get', {})) as { criteria: { id: string; state: string }[] };
    expect(board.criteria.find((criterion) => criterion.id === 'trained')).toMatchObject({ state: 'met' });
  });

  it('runs a drill in serve: its steps and actions\' output on the terminal, exit 0 only when every step passed', async () => {
    const setup = await setUp();
    const passed = await cliRun(['drill', 'run', 'release', '--confirm', 'staging', '--yes', '--as', 'ana', ...common(setup)]).done;
    expect(passed.stderr).toContain(`going through warroom serve (pid ${setup.serve.child.pid}`);
    expect(passed.stdout).toBe('checked\n');
    expect(passed.stderr).toContain('step 1/2 Check: passed in ');
    expect(passed.stderr).toMatch(/step 2\/2 Look at the console: waiting — waiting for an operator: Goals load in the console\n/);
    expect(passed.stderr).toMatch(/\[warroom\] Release: passed: 2 steps in .*\n$/);
    expect(passed.code).toBe(0);

    const failed = await cliRun(['drill', 'run', 'broken', '--as', 'bo', '--json', ...common(setup)]).done;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('breaking\n');
    expect(JSON.parse(failed.stdout)).toMatchObject({ state: 'failed', stoppedAt: 0, verdict: expect.stringMatching(/^failed at step 1 \(Break\): action broken \(run \d+\): failed \(exit code 4\)/) });

    // Both runs are serve's: its evidence, with the manual step confirmed by ana.
    const runs = (await rpc(setup, 'drills.listRuns', {})) as DrillRun[];
    expect(runs.map((run) => [run.drillId, run.state])).toEqual([
      ['broken', 'failed'],
      ['release', 'passed'],
    ]);
    expect(runs[1]!.steps[1]).toMatchObject({ state: 'passed', confirmedBy: 'ana' });
  });

  it('imports reports through serve as their contents: the app emits security.changed at once, fingerprints as an import by path', async () => {
    const setup = await setUp();
    const token = readFileSync(join(setup.dataDir, TOKEN_FILE), 'utf8').trim();
    const app = await connectToApp({ url: setup.url, token });
    cleanups.push(() => app.close());
    const changed = new Promise((resolveChanged) => app.on('security.changed', resolveChanged));
    // ESLint's SARIF has no snippets: its findings' code context comes from the sample's sources.
    writeFileSync(join(setup.dir, 'eslint.sarif'), fixtureText('eslint.sarif'));
    const imported = await cliRun(['scan', 'import', 'eslint.sarif', '--root', sampleRoot, '--as', 'ana', '--json', ...common(setup)], { cwd: setup.dir }).done;
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`going through warroom serve (pid ${setup.serve.child.pid}`);
    expect(JSON.parse(imported.stdout)).toMatchObject({ new: 4, fixed: 0, unchanged: 0 });
    await changed;

    const page = (await rpc(setup, 'security.listFindings', {})) as { findings: { fingerprint: string }[] };
    const byPath = parseReport({ text: fixtureText('eslint.sarif'), fileName: 'eslint.sarif', scanRoot: sampleRoot });
    expect(page.findings.map((f) => f.fingerprint).sort()).toEqual(byPath.findings.map((f) => f.fingerprint).sort());
    const scans = (await rpc(setup, 'security.listScans', {})) as { sourceFile: string; warnings: string[] }[];
    expect(scans).toEqual([expect.objectContaining({ sourceFile: 'eslint.sarif', warnings: [] })]);

    // A bad report is refused here, naming it, before anything is sent.
    writeFileSync(join(setup.dir, 'broken.json'), '{"results": [');
    const bad = await cliRun(['scan', 'import', 'broken.json', ...common(setup)], { cwd: setup.dir }).done;
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: .*broken\.json: /) });
  });

  it('runs a quick load test in serve and reports it', async () => {
    const setup = await setUp();
    const load = await cliRun(['load', '--url', setup.url, '--users', '1', '--duration', '1s', ...common(setup)]).done;
    expect(load.stderr).toContain(`going through warroom serve (pid ${setup.serve.child.pid}`);
    expect(load.code).toBe(0);
    const overview = (await rpc(setup, 'load.list', {})) as LoadOverview;
    expect(overview.runs).toEqual([expect.objectContaining({ state: 'passed' })]);
  });

  it('refuses clearly, exit 2, when the token file is missing, garbled or refused; nothing starts', async () => {
    const setup = await setUp({ WARROOM_TOKEN: 'a-user-token-long-enough-0123456789' });
    const tokenFile = join(setup.dataDir, TOKEN_FILE);
    const token = readFileSync(tokenFile, 'utf8');
    const run = () => cliRun(['action', 'run', 'hold', '-p', 'target=web', ...common(setup)]).done;

    rmSync(tokenFile);
    const missing = await run();
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain(`cannot read ${tokenFile}`);

    writeFileSync(tokenFile, 'x\u0000y', { mode: 0o600 });
    const garbled = await run();
    expect(garbled).toMatchObject({ code: 2, stdout: '' });
    expect(garbled.stderr).toContain(`${tokenFile} does not hold a usable token`);

    writeFileSync(tokenFile, 'a-well-formed-but-wrong-token-0123456789\n', { mode: 0o600 });
    const wrong = await run();
    expect(wrong).toMatchObject({ code: 2, stdout: '' });
    expect(wrong.stderr).toContain(`refused the token in ${tokenFile}`);

    writeFileSync(tokenFile, token, { mode: 0o600 });
    expect((await rpc(setup, 'actions.listRuns', { actionId: 'hold' })) as ActionRun[]).toEqual([]);
  });
});
