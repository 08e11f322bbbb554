import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../../shared/domain/actions.js';
import { followRunOutput } from './action-output.js';

const run = (id: number, over: Partial<ActionRun> = {}): ActionRun => ({
  id, actionId: 'deploy', environment: 'staging', params: {}, dryRun: false, actor: 'ana', approvedBy: null, approvedAt: null,
  state: 'running', requestedAt: 1, startedAt: 1, endedAt: null, exitCode: null, signal: null, reason: null, outputBytes: 0,
  outputTruncated: false, outputDigest: null, healthBefore: null, healthAfter: null, healthRestored: null, pid: null, recoveredAt: null,
  ...over,
});
const chunk = (runId: number, text: string) => ({ runId, stream: 'stdout' as const, text, at: 1 });

describe('followRunOutput', () => {
  it('shows our run and its preconditions, held back until the start answers; never another run of the app', () => {
    const shown: string[] = [];
    const follow = followRunOutput('ana', { output: (c) => shown.push(c.text), precondition: (r) => shown.push(`[${r.actionId} ${r.state}]`) });
    // Events over the stream may come before the start call's answer.
    follow.changed(run(7));
    follow.changed(run(6, { actor: 'bo' }));
    follow.output(chunk(6, 'someone else\'s deploy'));
    follow.changed(run(8, { actionId: 'precheck' }));
    follow.output(chunk(8, 'checking'));
    follow.started(7);
    follow.changed(run(8, { actionId: 'precheck', state: 'succeeded', endedAt: 2 }));
    follow.changed(run(7, { pid: 4242 }));
    follow.output(chunk(7, 'deploying'));
    // Same actor, after ours spawned: not one of our preconditions.
    follow.changed(run(9, { actionId: 'other' }));
    follow.output(chunk(9, 'unrelated'));
    expect(shown).toEqual(['[precheck running]', 'checking', '[precheck succeeded]', 'deploying']);
  });
});
