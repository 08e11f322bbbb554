/**
 * A temp config dir with Node scripts that start process trees the way real deploy scripts do,
 * including a grandchild that leaves the process group with setsid; and checks on those processes.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir.js';

/**
 * Starts a grandchild in a session of its own (Node's `detached` calls setsid), writes
 * `pids-<run id>.json` with both pids, then waits until `go-<run id>` exists (or forever) and exits 0.
 */
const SPAWNER = `
const { spawn } = require('node:child_process');
const { existsSync, writeFileSync } = require('node:fs');
const run = process.env.WARROOM_RUN_ID;
const waitForGo = "const f = " + JSON.stringify('go-' + run) + "; const t = setInterval(() => { if (require('node:fs').existsSync(f)) { clearInterval(t); } }, 50);";
const grandchild = spawn(process.execPath, ['-e', waitForGo], { detached: true, stdio: 'ignore' });
grandchild.unref();
writeFileSync('pids-' + run + '.json', JSON.stringify({ child: process.pid, grandchild: grandchild.pid }));
const timer = setInterval(() => { if (existsSync('go-' + run)) clearInterval(timer); }, 50);
`;

export interface RunFixture {
  /** The config dir: warroom.yaml, the scripts, the pid files. */
  dir: string;
  configPath: string;
  configText: string;
  /** Waits for the pids a run's script wrote. */
  pidsOf(runId: number): Promise<{ child: number; grandchild: number }>;
  /** Lets a run's script and its grandchild end on their own. */
  letEnd(runId: number): void;
  remove(): void;
}

export function makeRunFixture(): RunFixture {
  const temp = makeTempDir('warroom-runs-');
  const scripts = join(temp.path, 'scripts');
  mkdirSync(scripts);
  writeFileSync(join(scripts, 'spawner.cjs'), SPAWNER);
  chmodSync(join(scripts, 'spawner.cjs'), 0o755);
  const configText = `version: 1
name: process tree test
defaultEnvironment: staging
environments:
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
  web: { name: Web, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
actions:
  deploy:
    label: Deploy
    kind: deploy
    argv: [node, ./scripts/spawner.cjs, "{service}"]
    params: { service: { type: service } }
    confirm: none
  slow:
    label: Slow
    argv: [node, ./scripts/spawner.cjs]
    confirm: none
    timeout: 1500ms
`;
  const configPath = join(temp.path, 'warroom.yaml');
  writeFileSync(configPath, configText);
  return {
    dir: temp.path,
    configPath,
    configText,
    async pidsOf(runId) {
      const file = join(temp.path, `pids-${runId}.json`);
      await waitUntil(() => existsSync(file) && readFileSync(file, 'utf8').length > 0, 10_000);
      return JSON.parse(readFileSync(file, 'utf8')) as { child: number; grandchild: number };
    },
    letEnd(runId) {
      writeFileSync(join(temp.path, `go-${runId}`), '');
    },
    remove: () => temp.remove(),
  };
}

/** Alive and not a zombie (this sandbox's PID 1 does not reap orphans, and a zombie is dead). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** For test clean-up: SIGKILL whatever of these is still there. */
export function killIfRunning(...pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** Polls for what real processes do (a busy machine may take seconds); fails after `withinMs`. */
export async function waitUntil(condition: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
