#!/usr/bin/env node
// Restarts one service of the simulated platform (its port closes, then listens again) and waits
// until it is ready. Exits 1 when it is not ready within --wait-s.
import { cli, connect, EXIT, fail, log, waitReady } from './lib/control.mjs';

const usage = 'usage: restart-service.mjs --service ID [--wait-s N] [--state FILE]';
const args = cli(usage, { service: { type: 'string' }, 'wait-s': { type: 'string' } });
if (!args.service) fail(EXIT.usage, `--service is required\n${usage}`);
const platform = connect(args.state);

log('restart', `stopping ${args.service}`);
await platform.request('POST', '/faults', { service: args.service, fault: { kind: 'stop' } });
log('restart', `starting ${args.service}`);
await platform.request('POST', '/faults', { service: args.service, fault: { kind: 'start' } });
const waitMs = Number(args['wait-s'] ?? 30) * 1000;
const { ready, status } = await waitReady(platform, [args.service], waitMs);
const service = status.services.find((s) => s.id === args.service);
if (!ready) fail(EXIT.failed, `${args.service} restarted but not ready after ${waitMs / 1000} s: ${service.reasons.join('; ')}`);
log('restart', `${args.service} is ready (version ${service.version})`);
