/** Module-level store actions of the Plan view (see store-updates.ts): loading the plan and the risks. */
import type { CommandClient } from '../../shared/contract/index.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';

/**
 * Loads the plan, its status and the risk register as of the store's current revision. A change
 * during the load bumps the revision again, so the view loads once more.
 */
export async function loadPlan(client: CommandClient, store: AppStore = useAppStore): Promise<void> {
  const rev = store.getState().planRev;
  const [plan, status, risks] = await Promise.all([client.call('plan.get', {}), client.call('plan.status', {}), client.call('risks.list', {})]);
  store.setState((state) => (state.plan && state.plan.rev > rev ? {} : { plan: { plan, status, risks, rev } }));
}
