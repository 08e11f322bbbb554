/**
 * `warroom decision show|export` on a data dir where a real core recorded a decision; the PDF is
 * printed by the real Chromium when the machine has one (Debian: /usr/bin/chromium), and read back
 * with pdftotext when poppler-utils is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../core/config/load-config.js';
import { createCore } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { createCoreClient } from '../core/rpc/core-client.js';
import { MEETING_CONFIG } from '../core/testing/meeting-config.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { findChromium } from './chromium-pdf.js';
import { runCli } from './cli.js';

const temp = makeTempDir('warroom-decision-cli-');
const config = join(temp.path, 'warroom.yaml');
const dataDir = join(temp.path, 'data');
writeFileSync(config, MEETING_CONFIG);

async function cli(argv: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--config', config, '--data-dir', dataDir], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: temp.path,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  expect(await cli(['decision', 'show'])).toMatchObject({ code: 1, stderr: 'no decision has been recorded yet\n' });
  const core = createCore({ loaded: loadConfigFile(config), dataDir, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false });
  try {
    const client = createCoreClient(core, { role: 'operator', transport: 'memory' });
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    await client.call('board.signoff', { criterionId: 'pentest', by: 'sam' });
    await client.call('meeting.vote', { pollId: poll.id, role: 'security', by: 'sam', choice: 'NO-GO', reason: 'capacity untested' });
    const due = Date.now() + 86_400_000;
    await client.call('decision.record', {
      decision: 'NO-GO',
      pollId: poll.id,
      by: 'lee',
      rationale: 'Capacity, on-call and approval are missing.',
      attendees: ['ana', 'lee', 'sam'],
      newTargetAt: due * 2 - Date.now(),
      remediation: ['capacity', 'on-call', 'stakeholders'].map((criterionId) => ({ criterionId, owner: 'pat', dueAt: due })),
    });
  } finally {
    await core.close();
  }
}, 60_000);
afterAll(() => temp.remove());

describe('warroom decision', () => {
  it('shows the newest record, or all of it as JSON', async () => {
    const shown = await cli(['decision', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^decision #1: NO-GO \(production\), .* by lee\n {2}board: 30 % \(GO needs 90 %\), board verdict NO-GO\n {2}votes: GO 0, NO-GO 1, HOLD 0; did not vote: development/);
    expect(shown.stdout).toContain('remediation: capacity → pat by');
    const json = await cli(['decision', 'show', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 1, decision: 'NO-GO', intact: true, board: { score: 30 } });
    expect(await cli(['decision', 'show', '--id', '7'])).toMatchObject({ code: 2, stderr: 'error: no decision #7\n' });
  });

  it('exports Markdown to stdout or a file', async () => {
    const md = await cli(['decision', 'export']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Go\/no-go decision \\#1: NO-GO\n/);
    expect(md.stdout).toContain('| Capacity plan approved | pat |');
    expect(await cli(['decision', 'export', '--format', 'md', '--out', 'record.md'])).toMatchObject({ code: 0 });
    expect(readFileSync(join(temp.path, 'record.md'), 'utf8')).toBe(md.stdout);
  });

  it('says PDF is unavailable when there is no Chromium', async () => {
    const result = await cli(['decision', 'export', '--format', 'pdf', '--out', 'none.pdf'], { PATH: join(temp.path, 'empty-bin') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PDF export is unavailable: it needs Chromium');
    expect(existsSync(join(temp.path, 'none.pdf'))).toBe(false);
  });

  it.runIf(findChromium(process.env) !== null)('prints the PDF with Chromium headless', async () => {
    const result = await cli(['decision', 'export', '--format', 'pdf', '--out', 'record.pdf']);
    expect(result.stderr).toContain('decision #1 written to');
    expect(result.code).toBe(0);
    const pdf = readFileSync(join(temp.path, 'record.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (spawnSync('pdftotext', ['-v']).error === undefined) {
      const text = execFileSync('pdftotext', [join(temp.path, 'record.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Go/no-go decision #1: NO-GO');
      expect(text).toContain('Capacity, on-call and approval are missing.');
    }
  }, 90_000);
});
