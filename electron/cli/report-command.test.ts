/** `warroom standup`, `warroom report eod`, `warroom notify` as a terminal runs them: real processes, a real SMTP server, a local webhook. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpReceiver, startSmtpSink } from '../core/notifications/testing/local-receivers.js';
import { makeTempDir } from '../core/testing/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function warroom(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/warroom.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', USER: 'tester', ...env } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const CONFIG = `version: 1
name: CLI launch
defaultEnvironment: production
environments:
  production:
    label: Production
    webhook: { urlEnv: HOOK_URL }
    email: { urlEnv: SMTP_URL, from: warroom@example.com, to: [ops@example.com] }
    pagerduty: { routingKeyEnv: PD_KEY, url: "http://127.0.0.1:9/v2/enqueue" }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
`;

describe('warroom standup / report eod / notify', () => {
  it('adds a note, writes the report as HTML, sends it to the webhook and the SMTP server, and tests a channel', async () => {
    const dir = makeTempDir();
    const http = await startHttpReceiver();
    const smtp = await startSmtpSink();
    cleanups.push(() => dir.remove(), () => http.close(), () => smtp.close());
    const config = join(dir.path, 'warroom.yaml');
    writeFileSync(config, CONFIG);
    const common = ['--config', config, '--data-dir', join(dir.path, 'data')];
    const env = { HOOK_URL: `${http.url}/hook`, SMTP_URL: smtp.url() };

    const added = await warroom(['standup', 'add', '--person', 'ana', '--today', 'peak run', '--blockers', 'VPN <down>', ...common]);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^stand-up note #1 of ana for \d{4}-\d{2}-\d{2}\n$/) });

    const out = join(dir.path, 'eod.html');
    const eod = await warroom(['report', 'eod', '--out', out, '--send', ...common], env);
    expect(eod.stderr).toContain('webhook: sent');
    expect(eod.stderr).toMatch(/email: sent \(250/);
    expect(eod.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>CLI launch: end of day');
    expect(html).toContain('VPN &#60;down&#62;');
    expect(html).toContain('No plan imported');
    expect((await smtp.waitFor(1))[0]!.raw).toContain('Subject: CLI launch: end of day');
    expect((http.received[0]!.body as { text: string }).text).toContain("Clear ana's blocker: VPN <down>");

    // Without the SMTP variable the mail fails, says why, the report is kept, and the exit is 1.
    const partial = await warroom(['report', 'eod', '--send', ...common], { HOOK_URL: env.HOOK_URL });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('email: failed (email of production: SMTP_URL is not set in the environment)');
    expect(partial.stdout).toMatch(/^# CLI launch: end of day/);

    const mailTest = await warroom(['notify', 'test', 'email', ...common], env);
    expect(mailTest).toMatchObject({ code: 0, stdout: expect.stringMatching(/^email: sent/) });
    const pagerTest = await warroom(['notify', 'test', 'pagerduty', ...common], { PD_KEY: 'R0UTINGKEY0000000000000000000000' });
    expect(pagerTest.code).toBe(1);
    expect(pagerTest.stdout).toMatch(/^pagerduty: failed \(.*(ECONNREFUSED|fetch failed)/);
    expect(pagerTest.stdout).not.toContain('R0UTINGKEY');
    const channels = await warroom(['notify', 'channels', ...common], env);
    expect(channels.stdout).toMatch(/^webhook +production: ready/m);
    expect(channels.stdout).toMatch(/^pagerduty production: PD_KEY not set → 127\.0\.0\.1:9; last test failed/m);
    const unknown = await warroom(['notify', 'test', 'fax', ...common]);
    expect(unknown.code).toBe(2);
  }, 300_000); // seven CLI processes, each opening its own core: slow on a loaded machine
});
