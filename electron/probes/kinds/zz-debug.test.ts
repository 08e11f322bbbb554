import { it } from 'vitest';
import { startSilentPort } from '../testing/free-port.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { httpAgentStats } from './http-agents.js';
import { runCheck } from './run-check.js';
it('dbg', async () => {
  const silent = await startSilentPort();
  const probe = resolvedProbe({ kind: 'http' }, { target: `http://127.0.0.1:${silent.port}/`, timeoutMs: 300 });
  console.log(await runCheck(probe, checkContext()), httpAgentStats(), silent.openConnections());
  for (let i = 0; i < 10; i++) { await new Promise((r) => setTimeout(r, 200)); console.log(silent.openConnections(), JSON.stringify(httpAgentStats().http)); }
  await silent.close();
});
