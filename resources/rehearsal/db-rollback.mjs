#!/usr/bin/env node
// Database rollback of the simulated platform: the migrations' down steps until the schema is
// --to VERSION. --dry-run lists the steps it would run and changes nothing.
import { cli, connect, EXIT, fail, log } from './lib/control.mjs';

const usage = 'usage: db-rollback.mjs --to VERSION [--dry-run] [--state FILE]';
const args = cli(usage, { to: { type: 'string' }, 'dry-run': { type: 'boolean' } });
if (!args.to) fail(EXIT.usage, `--to is required\n${usage}`);
if (!/^\d{1,9}$/.test(args.to)) fail(EXIT.usage, `--to expects a schema version (a whole number), got "${args.to}"\n${usage}`);
const platform = connect(args.state);
const result = await platform.request('POST', '/database/rollback', { toVersion: Number(args.to), dryRun: Boolean(args['dry-run']) });
const verb = result.dryRun ? 'would run' : 'ran';
if (result.steps.length === 0) log('db-rollback', `schema is already ${result.to}: nothing to do`);
for (const step of result.steps) log('db-rollback', `${verb}: ${step}`);
log('db-rollback', result.dryRun ? `dry run: schema would go ${result.from} → ${result.to}; nothing changed` : `schema now ${result.to}`);
process.exit(EXIT.ok);
