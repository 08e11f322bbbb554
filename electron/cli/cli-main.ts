/** Entry point of bin/warroom.js: the real process streams, signals and browser. */
import open from 'open';
import { guardProcess } from '../core/process-guard.js';
import { runCli } from './cli.js';

// Uncaught: logged with the stack, the core closed, exit 1. Unhandled rejection: logged, kept running.
const guard = guardProcess();
// `warroom audit export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  guard,
  openUrl: async (url) => {
    await open(url);
  },
});
process.exitCode = code;
