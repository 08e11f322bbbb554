/** Module-level store actions of the Load view (see store-updates.ts): call answers and the open run. */
import type { CommandOutput } from '../../shared/contract/index.js';
import type { LoadRunRecord } from '../../shared/domain/load-runs.js';
import { loadDetailAnswered, loadRunAnswered } from './slices/load.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';

/** A run load.start or load.stop answered with, unless events already told more. */
export function applyLoadRunAnswer(run: LoadRunRecord, store: AppStore = useAppStore): void {
  store.setState((state) => loadRunAnswered(state, run));
}

/** A load.getRun answer: the run's record and series. */
export function applyLoadDetail(detail: CommandOutput<'load.getRun'>, store: AppStore = useAppStore): void {
  store.setState((state) => loadDetailAnswered(state, detail));
}

/** Opens a run's panel (null: follow the running run, else the newest). */
export function openLoadRun(runId: number | null, store: AppStore = useAppStore): void {
  store.setState({ openLoadRunId: runId });
}
