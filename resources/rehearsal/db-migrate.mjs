#!/usr/bin/env node
// Database migrations of the simulated platform. --dry-run lists the pending steps, changes nothing.
import { cli, connect, EXIT, log } from './lib/control.mjs';

const usage = 'usage: db-migrate.mjs [--dry-run] [--state FILE]';
const args = cli(usage, { 'dry-run': { type: 'boolean' } });
const platform = connect(args.state);
const result = await platform.request('POST', '/migrate', { dryRun: Boolean(args['dry-run']) });
const verb = result.dryRun ? 'would apply' : 'applied';
if (result.steps.length === 0) log('migrate', `schema ${result.from} is current: nothing to do`);
for (const step of result.steps) log('migrate', `${verb}: ${step}`);
log('migrate', result.dryRun ? `dry run: schema would go ${result.from} → ${result.to}; nothing changed` : `schema now ${result.to}`);
process.exit(EXIT.ok);
