/**
 * One operator control (or group of controls) calling a rehearsal.* command: tracks the call in
 * flight so the controls can be disabled, shows the answer at once, and keeps the error for display
 * next to the control that caused it.
 */
import { useRef, useState } from 'react';
import { RpcCallError } from '../../../shared/contract/index.js';
import type { RehearsalState } from '../../../shared/domain/rehearsal.js';
import { useClient } from '../../api/client-context.js';
import type { WarroomClient } from '../../api/client.js';
import { applyRehearsalAnswer } from '../../stores/actions.js';
import { useAppStore } from '../../stores/store.js';

export interface CallProblem {
  /** Which control failed, so the message sits next to it. */
  control: string;
  title: string;
  details: string[];
}

/** Says what went wrong in the operator's words; `what` names the action ("Stop", "Deploy 2.5.0"). */
export function describeCallError(what: string, error: unknown): Omit<CallProblem, 'control'> {
  if (!(error instanceof RpcCallError)) return { title: `${what} failed`, details: [error instanceof Error ? error.message : String(error)] };
  switch (error.code) {
    case 'conflict':
      return { title: `${what} refused`, details: [error.message] };
    case 'forbidden':
      return { title: 'Not allowed: this connection is read-only', details: [error.message] };
    case 'invalid_input':
      return {
        title: `${what} refused: check the values`,
        details: error.issues?.map((issue) => `${issue.path || 'input'}: ${issue.message}`) ?? [error.message],
      };
    case 'unavailable':
      return { title: `${what} failed: the platform cannot be reached`, details: [error.message] };
    case 'unauthorized':
      return { title: `${what} failed: token refused`, details: [error.message] };
    case 'not_found':
      return { title: `${what} failed: not found`, details: [error.message] };
    default:
      return { title: `${what} failed (${error.code})`, details: [error.message] };
  }
}

export interface RehearsalCall {
  /** The control whose call is in flight, or null. */
  busy: string | null;
  problem: CallProblem | null;
  /** Runs one call unless another from the same group is in flight. */
  run: (control: string, what: string, call: (client: WarroomClient) => Promise<RehearsalState>) => Promise<void>;
}

export function useRehearsalCall(): RehearsalCall {
  const client = useClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  // State lags a render behind: a double click must not send twice.
  const inFlight = useRef(false);

  const run: RehearsalCall['run'] = async (control, what, call) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(control);
    setProblem(null);
    const revAtCall = useAppStore.getState().rehearsalRev;
    try {
      applyRehearsalAnswer(await call(client), revAtCall);
    } catch (error) {
      setProblem({ control, ...describeCallError(what, error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  return { busy, problem, run };
}
