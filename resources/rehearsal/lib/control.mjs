// Shared by the rehearsal scripts: finds the simulated platform's control API and talks to it.
// Plain Node (no dependencies), so the scripts run anywhere the app's actions run them.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 };

/** Parses flags; prints usage and exits 2 on anything unknown. */
export function cli(usage, options) {
  try {
    const { values } = parseArgs({ options: { ...options, state: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: false });
    if (values.help) {
      console.log(usage);
      process.exit(EXIT.ok);
    }
    return values;
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    process.exit(EXIT.usage);
  }
}

/** The platform's state file: --state, $WARROOM_REHEARSAL_STATE, else the data directory's. */
export function statePath(flag) {
  if (flag) return flag;
  if (process.env.WARROOM_REHEARSAL_STATE) return process.env.WARROOM_REHEARSAL_STATE;
  return join(dataDir(), 'rehearsal', 'platform.json');
}

// The same default as the app's (env-paths 'warroom', no suffix).
function dataDir() {
  if (process.env.WARROOM_DATA_DIR) return process.env.WARROOM_DATA_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'warroom');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'warroom', 'Data');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'warroom');
}

export function connect(stateFlag) {
  const path = statePath(stateFlag);
  let state;
  try {
    state = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    fail(EXIT.unreachable, `no rehearsal platform found: cannot read ${path} (start it with \`warroom rehearse\` or from the app)`);
  }
  const request = async (method, path, body) => {
    let response;
    try {
      response = await fetch(`${state.controlUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${state.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      fail(EXIT.unreachable, `rehearsal platform at ${state.controlUrl} unreachable: ${error.cause?.code ?? error.message}`);
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) fail(EXIT.failed, `${method} ${path}: ${data.error ?? `HTTP ${response.status}`}`);
    return data;
  };
  return { request, status: () => request('GET', '/status') };
}

export function fail(code, message) {
  console.error(`error: ${message}`);
  process.exit(code);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(tag, message) {
  console.log(`${new Date().toISOString().slice(11, 19)} [${tag}] ${message}`);
}

const NETWORK_ERRORS = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ENOTFOUND: 'no such host', EHOSTUNREACH: 'host unreachable' };

/** GET a URL with a deadline; never throws: { ok, status, ms, error }. */
export async function check(url, timeoutMs = 2000) {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { ok: response.ok, status: response.status, ms: performance.now() - started };
  } catch (error) {
    const code = error.cause?.code;
    const reason = error.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (NETWORK_ERRORS[code] ?? code ?? error.message);
    return { ok: false, status: 0, ms: performance.now() - started, error: reason };
  }
}

/** Waits until every named service is ready (per the platform), or the deadline passes. */
export async function waitReady(platform, services, deadlineMs) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const status = await platform.status();
    const pending = status.services.filter((s) => services.includes(s.id) && !s.ready);
    if (pending.length === 0) return { ready: true, status };
    if (Date.now() > until) return { ready: false, status, pending };
    await sleep(250);
  }
}
