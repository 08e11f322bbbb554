/**
 * One operator control (or group of controls) calling a rehearsal.* command: tracks the call in
 * flight so the controls can be disabled, shows the answer at once, and keeps the error for display
 * next to the control that caused it.
 */
import { useRef, useState } from 'react';
import type { RehearsalState } from '../../../shared/domain/rehearsal.js';
import { useClient } from '../../api/client-context.js';
import type { WarroomClient } from '../../api/client.js';
import { applyRehearsalAnswer } from '../../stores/store-updates.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';

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
