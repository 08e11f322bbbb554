/**
 * The in-process CommandClient: calls go through the router's dispatch (role checks, input and
 * output validation, domain errors mapped to codes) exactly as IPC and HTTP calls do, and events
 * come straight from the bus. What the CLI uses on a core it opened itself.
 */
import { RpcCallError } from '../../../shared/contract/errors.js';
import type { CommandClient } from '../../../shared/contract/index.js';
import type { EventBus } from '../bus.js';
import type { CallContext, Dispatch } from './router.js';

export interface CoreClientTarget {
  dispatch: Dispatch;
  bus: Pick<EventBus, 'on'>;
}

export function createCoreClient(core: CoreClientTarget, ctx: CallContext): CommandClient {
  return {
    async call(name, input) {
      const result = await core.dispatch(name, input, ctx);
      if (!result.ok) throw new RpcCallError(result.error);
      return result.value;
    },
    on: (name, fn) => core.bus.on(name, fn),
  };
}
