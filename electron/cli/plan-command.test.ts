/** `warroom plan import|status` and `warroom risk list|set` as a terminal runs them: real processes on a real data dir. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanStatusSchema } from '../../shared/domain/plan.js';
import { makeTempDir } from '../core/testing/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EXAMPLE = 'resources/examples/launch-week-plan.md';
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function warroom(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/warroom.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('warroom plan and warroom risk', () => {
  it('imports the example, re-imports an edited copy keeping the counts right, and prints status and risks', async () => {
    const dir = makeTempDir();
    temps.push(dir);
    const common = ['--data-dir', join(dir.path, 'data'), '--config', 'resources/rehearsal.yaml'];
    const first = await warroom(['plan', 'import', EXAMPLE, '--as', 'dana', ...common]);
    expect(first).toMatchObject({ code: 0, stdout: 'imported 57 tasks: 57 added, 0 removed, 0 changed\nrisks: 5 added, 0 changed\n' });

    const edited = join(dir.path, 'plan.md');
    writeFileSync(edited, readFileSync(join(ROOT, EXAMPLE), 'utf8').replace('- [ ] Release notes\n', '- [x] Release notes\n- [ ] Changelog\n'));
    const again = await warroom(['plan', 'import', edited, '--as', 'dana', ...common]);
    expect(again).toMatchObject({ code: 0, stdout: 'imported 58 tasks: 1 added, 0 removed, 0 changed\n  + Changelog\n' });

    const status = await warroom(['plan', 'status', ...common]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^plan\.md \(imported .* by dana\), today \d{4}-\d{2}-\d{2}\ntotal {7}\[#.*\] 4\/58\n/);
    expect(status.stdout).toContain('[####................] 1/5  Security');
    expect(status.stdout).toContain('[####................] 1/5  Documentation');
    const json = PlanStatusSchema.parse(JSON.parse((await warroom(['plan', 'status', '--json', ...common])).stdout));
    expect(json.deliverables.map((d) => [d.group, d.progress.total])).toEqual([
      ['Security', 5], ['Performance', 4], ['Operations', 5], ['Validation', 4], ['Documentation', 5],
    ]);

    const set = await warroom(['risk', 'set', '5', '--status', 'mitigated', '--note', 'extra scan booked', '--as', 'sam', ...common]);
    expect(set).toMatchObject({ code: 0, stdout: 'risk #5: Critical finding reported after the final scan: high (likelihood high × impact high), mitigated\n' });
    const list = await warroom(['risk', 'list', ...common]);
    expect(list.stdout.split('\n')[0]).toBe('#1   HIGH   open      L medium I high   Peak traffic above the tested 200 users (priya)');
    expect((await warroom(['risk', 'set', '--as', 'sam', '--title', 'Half a risk', ...common]))).toMatchObject({ code: 2, stderr: expect.stringContaining('a new risk needs a title, a likelihood and an impact') });
    expect((await warroom(['plan', 'import', 'no-such-plan.md', '--as', 'dana', ...common]))).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read no-such-plan.md') });
    expect((await warroom(['audit', 'verify', ...common]))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit trail intact: 4 entries/) });
  }, 90_000);
});
