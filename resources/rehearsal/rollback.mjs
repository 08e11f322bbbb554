#!/usr/bin/env node
// Rolls the simulated platform back, and waits until what it rolled back is ready again.
//   --complete     back to the last known-good state: every service on another version returns to
//                  its known-good one, stopped or crashed services start on it; then every service
//                  must be ready within --wait-s (exit 1 naming those that are not).
//   --service ID   that service (repeatable) back to its previous version.
import { cli, connect, EXIT, fail, log, waitReady } from './lib/control.mjs';

const usage = 'usage: rollback.mjs (--complete | --service ID...) [--wait-s N] [--state FILE]';
const args = cli(usage, { complete: { type: 'boolean' }, service: { type: 'string', multiple: true }, 'wait-s': { type: 'string' } });
if (args.complete && args.service) fail(EXIT.usage, `--complete and --service exclude each other\n${usage}`);
if (!args.complete && !args.service) fail(EXIT.usage, `say what to roll back: --complete, or --service ID\n${usage}`);
const waitMs = Number(args['wait-s'] ?? 60) * 1000;
if (!(waitMs > 0)) fail(EXIT.usage, `--wait-s expects a positive number of seconds, got "${args['wait-s']}"\n${usage}`);
const platform = connect(args.state);
const before = await platform.status();

let targets;
if (args.complete) {
  const good = before.knownGood;
  log('rollback', `complete rollback to the known-good state of ${new Date(good.recordedAt).toISOString()} (${good.note})`);
  for (const service of before.services) {
    const to = good.versions[service.id] ?? before.baseline;
    if (!service.running) log('rollback', `${service.id}: not running → start on ${to}${service.version === to ? '' : ` (was ${service.version})`}`);
    else if (service.version !== to) log('rollback', `${service.id}: ${service.version} → ${to}`);
  }
  if (before.databaseSchema !== good.databaseSchema) {
    log('rollback', `note: database schema ${before.databaseSchema}, known-good ${good.databaseSchema}; a complete rollback leaves the database alone (db-rollback.mjs --to ${good.databaseSchema})`);
  }
  const goodConfig = before.configuration.revisions.find((r) => r.revision === good.configRevision);
  if (goodConfig && JSON.stringify(goodConfig.values) !== JSON.stringify(before.configuration.values)) {
    log('rollback', `note: configuration revision ${before.configuration.revision} differs from the known-good revision ${good.configRevision}; a complete rollback leaves it alone (config-rollback.mjs --to-revision ${good.configRevision})`);
  }
  targets = before.services.map((s) => s.id);
  await platform.request('POST', '/rollback', { complete: true });
} else {
  targets = args.service;
  for (const id of targets) {
    const service = before.services.find((s) => s.id === id);
    if (!service) fail(EXIT.usage, `unknown service "${id}" (known: ${before.services.map((s) => s.id).join(', ')})`);
    log('rollback', `${id}: ${service.version} → ${service.history[0] ?? '(no previous version)'}`);
  }
  await platform.request('POST', '/rollback', { services: targets });
}

const { ready, status, pending } = await waitReady(platform, targets, waitMs);
for (const id of targets) {
  const service = status.services.find((s) => s.id === id);
  log('rollback', `${id.padEnd(16)} ${service.version.padEnd(12)} ${service.ready ? 'ready' : `NOT ready: ${service.reasons.join('; ')}`}`);
}
if (!ready) fail(EXIT.failed, `rolled back, but not ready after ${waitMs / 1000} s: ${pending.map((s) => `${s.id} (${s.reasons.join('; ')})`).join(', ')}`);
log('rollback', `done: ${targets.length} service(s) ready`);
