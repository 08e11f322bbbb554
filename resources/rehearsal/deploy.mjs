#!/usr/bin/env node
// Rolling deploy of one version to the simulated platform (all services, or --service ones).
// Exits 0 when every service runs the new version, 1 when the deploy was refused or stalled.
import { cli, connect, EXIT, fail, log, sleep } from './lib/control.mjs';

const usage = 'usage: deploy.mjs --version VERSION [--service ID]... [--step-delay-ms N] [--state FILE]';
const args = cli(usage, { version: { type: 'string' }, service: { type: 'string', multiple: true }, 'step-delay-ms': { type: 'string' } });
if (!args.version) fail(EXIT.usage, `--version is required\n${usage}`);

const platform = connect(args.state);
const before = await platform.status();
const targets = args.service ?? before.services.map((s) => s.id);
log('deploy', `deploying ${args.version} to ${targets.join(', ')}`);
await platform.request('POST', '/deploy', {
  version: args.version,
  ...(args.service ? { services: args.service } : {}),
  ...(args['step-delay-ms'] ? { stepDelayMs: Number(args['step-delay-ms']) } : {}),
});

const seen = new Set();
const deadline = Date.now() + 10 * 60_000;
for (;;) {
  const status = await platform.status();
  for (const id of status.deploy?.done ?? targets.filter((t) => status.services.find((s) => s.id === t)?.version === args.version)) {
    if (!seen.has(id)) {
      seen.add(id);
      log('deploy', `${id} now runs ${args.version} (${seen.size}/${targets.length})`);
    }
  }
  if (!status.deploy) {
    const missing = status.services.filter((s) => targets.includes(s.id) && s.version !== args.version);
    if (missing.length > 0) fail(EXIT.failed, `deploy ended but ${missing.map((s) => `${s.id} runs ${s.version}`).join(', ')}`);
    log('deploy', `done: ${targets.length} service(s) on ${args.version}`);
    process.exit(EXIT.ok);
  }
  if (Date.now() > deadline) fail(EXIT.failed, `deploy still pending after 10 minutes: ${status.deploy.pending.join(', ')}`);
  await sleep(200);
}
