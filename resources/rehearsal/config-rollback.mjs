#!/usr/bin/env node
// Configuration rollback of the simulated platform: back to the previous revision (or
// --to-revision N), recorded as a new revision. --dry-run lists the settings it would change.
import { cli, connect, EXIT, fail, log } from './lib/control.mjs';

const usage = 'usage: config-rollback.mjs [--to-revision N] [--dry-run] [--state FILE]';
const args = cli(usage, { 'to-revision': { type: 'string' }, 'dry-run': { type: 'boolean' } });
const to = args['to-revision'];
if (to !== undefined && !/^[1-9]\d{0,8}$/.test(to)) fail(EXIT.usage, `--to-revision expects a revision number, got "${to}"\n${usage}`);
const platform = connect(args.state);
const result = await platform.request('POST', '/config/rollback', { ...(to ? { toRevision: Number(to) } : {}), dryRun: Boolean(args['dry-run']) });
const verb = result.dryRun ? 'would set' : 'set';
if (result.changes.length === 0) log('config-rollback', `revision ${result.to} has the same values as revision ${result.from}`);
for (const change of result.changes) log('config-rollback', `${verb} ${change.key}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`);
log(
  'config-rollback',
  result.dryRun
    ? `dry run: revision ${result.from} → the values of revision ${result.to}; nothing changed`
    : `configuration now revision ${result.revision} (the values of revision ${result.to})`,
);
process.exit(EXIT.ok);
