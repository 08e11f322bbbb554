#!/usr/bin/env node
// Before a deploy: every service answers /health/ready over HTTP, no deploy is running, and the
// pending migrations are listed. Exits 1 when any check fails.
import { check, cli, connect, EXIT, log } from './lib/control.mjs';

const usage = 'usage: pre-deploy-check.mjs [--state FILE]';
const args = cli(usage, {});
const platform = connect(args.state);
const status = await platform.status();

let failures = 0;
for (const service of status.services) {
  const ready = await check(`${service.url}/health/ready`);
  if (!ready.ok) failures += 1;
  log('pre-check', `${ready.ok ? 'ok  ' : 'FAIL'} ${service.id.padEnd(16)} ready ${ready.status || ready.error} (${Math.round(ready.ms)} ms)`);
}
if (status.deploy) {
  failures += 1;
  log('pre-check', `FAIL a deploy of ${status.deploy.version} is still running`);
}
const migration = await platform.request('POST', '/migrate', { dryRun: true });
log('pre-check', `info database schema ${migration.from}, ${migration.steps.length} migration step(s) pending`);
log('pre-check', failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
process.exit(failures === 0 ? EXIT.ok : EXIT.failed);
