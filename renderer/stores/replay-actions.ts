/** Moves of the replay scrubber: ask the core for a moment, or go back to live. */
import type { Client } from '../../shared/contract/index.js';
import { initialReplay } from './slices/replay.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';

let request = 0;

/** Shows the board as of `asOf` (core time); a later call wins over one still in flight. */
export async function showReplay(client: Pick<Client, 'call'>, asOf: number, store: AppStore = useAppStore): Promise<void> {
  const mine = ++request;
  store.setState((state) => ({ replay: { ...state.replay, asOf, loading: true, error: null } }));
  try {
    const data = await client.call('replay.get', { asOf });
    if (mine !== request) return;
    store.setState({ replay: { asOf, data, loading: false, error: null } });
  } catch (error) {
    if (mine !== request) return;
    const message = error instanceof Error ? error.message : String(error);
    store.setState((state) => ({ replay: { ...state.replay, loading: false, error: message } }));
  }
}

/** Back to the live board. */
export function goLive(store: AppStore = useAppStore): void {
  request += 1;
  store.setState({ replay: initialReplay });
}
