/**
 * Starting an action from a button: 'none' runs at once (when the operator's name is known and no
 * parameter has to be chosen); everything else goes through the confirmation dialog. The started
 * run is shown at once and its panel opened.
 */
import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ActionRun, ActionView } from '../../../shared/domain/actions.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName } from '../../lib/operator-name.js';
import { applyRunAnswer, openRun } from '../../stores/store-updates.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { paramProblems, requestParams } from './action-params.js';
import type { ParamValues } from './action-params.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import type { LaunchRequest } from './ConfirmDialog.js';

export interface Launcher {
  /** `control` names the button, so a refusal of a direct run shows next to it. */
  launch(action: ActionView, values: ParamValues, options: { dryRun?: boolean; editParams?: boolean; control: string }): void;
  /** The confirmation dialog when one is open; render it somewhere. */
  dialog: ReactNode;
  /** The control whose direct run is in flight. */
  busy: string | null;
  problem: CallProblem | null;
}

export function useLaunch(onStarted?: (run: ActionRun) => void): Launcher {
  const client = useClient();
  const [request, setRequest] = useState<LaunchRequest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);

  const started = useCallback(
    (run: ActionRun) => {
      applyRunAnswer(run);
      openRun(run.id);
      onStarted?.(run);
    },
    [onStarted],
  );

  const runNow = async (action: ActionView, values: ParamValues, dryRun: boolean, control: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(control);
    try {
      const run = await client.call('actions.start', { actionId: action.id, params: requestParams(action, values), dryRun, actor: readOperatorName() });
      started(run);
    } catch (error) {
      setProblem({ control, ...describeCallError(action.label, error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  const launch: Launcher['launch'] = (action, values, { dryRun = false, editParams = false, control }) => {
    setProblem(null);
    const mustChoose = editParams && Object.keys(paramProblems(action, values)).length > 0;
    if (action.confirm === 'none' && readOperatorName() !== '' && !mustChoose) void runNow(action, values, dryRun, control);
    else setRequest({ action, values, dryRun, editParams });
  };

  const close = useCallback(() => setRequest(null), []);
  const dialog = request ? (
    <ConfirmDialog
      request={request}
      onClose={close}
      onStarted={(run) => {
        setRequest(null);
        started(run);
      }}
    />
  ) : null;

  return { launch, dialog, busy, problem };
}
