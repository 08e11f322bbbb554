/**
 * An operator control calling a health.* command: tracks the call in flight (to disable the
 * control and say "Checking…"), applies the answer unless an event overtook it, and keeps the
 * error for display next to the control.
 */
import { useRef, useState } from 'react';
import { useClient } from '../../api/client-context.js';
import type { WarroomClient } from '../../api/client.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';

export interface HealthCall {
  /** The control whose call is in flight, or null. */
  busy: string | null;
  problem: CallProblem | null;
  /** Runs one call unless another of the group is in flight; resolves with the answer, or undefined when it failed. */
  run<T>(
    control: string,
    what: string,
    call: (client: WarroomClient) => Promise<T>,
    apply: (answer: T, revAtCall: number) => void,
  ): Promise<T | undefined>;
}

export function useHealthCall(): HealthCall {
  const client = useClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  // State lags a render behind: a double click must not send twice.
  const inFlight = useRef(false);

  async function run<T>(control: string, what: string, call: (c: WarroomClient) => Promise<T>, apply: (answer: T, revAtCall: number) => void) {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(control);
    setProblem(null);
    const revAtCall = useAppStore.getState().healthRev;
    try {
      const answer = await call(client);
      apply(answer, revAtCall);
      return answer;
    } catch (error) {
      setProblem({ control, ...describeCallError(what, error) });
      return undefined;
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }

  return { busy, problem, run };
}
