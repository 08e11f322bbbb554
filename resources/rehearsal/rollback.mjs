#!/usr/bin/env node
// Rolls the simulated platform back: every service that was deployed (complete rollback), or only
// --service ones. Waits until they are ready again; exits 1 if they are not within --wait-s.
import { cli, connect, EXIT, fail, log, waitReady } from './lib/control.mjs';

const usage = 'usage: rollback.mjs [--service ID]... [--wait-s N] [--state FILE]';
const args = cli(usage, { service: { type: 'string', multiple: true }, 'wait-s': { type: 'string' } });
const platform = connect(args.state);

const before = await platform.status();
const targets = (args.service ?? before.services.filter((s) => s.history.length > 0).map((s) => s.id));
if (targets.length === 0) fail(EXIT.failed, 'nothing to roll back: no service has a previous version');
for (const id of targets) {
  const service = before.services.find((s) => s.id === id);
  if (!service) fail(EXIT.usage, `unknown service "${id}"`);
  log('rollback', `${id}: ${service.version} → ${service.history[0] ?? '(no previous version)'}`);
}
await platform.request('POST', '/rollback', args.service ? { services: args.service } : {});

const waitMs = Number(args['wait-s'] ?? 60) * 1000;
const { ready, status, pending } = await waitReady(platform, targets, waitMs);
for (const id of targets) {
  const service = status.services.find((s) => s.id === id);
  log('rollback', `${id} runs ${service.version}, ${service.ready ? 'ready' : `NOT ready: ${service.reasons.join('; ')}`}`);
}
if (!ready) fail(EXIT.failed, `rolled back, but not ready after ${waitMs / 1000} s: ${pending.map((s) => s.id).join(', ')}`);
log('rollback', `done: ${targets.length} service(s) restored and ready`);
