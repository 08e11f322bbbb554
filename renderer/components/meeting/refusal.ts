/** How a refused meeting call reads on screen: a title saying what did not happen, then the core's words. */
import { RpcCallError } from '../../../shared/contract/index.js';

export interface Refusal {
  title: string;
  details: string[];
}

export function describeRefusal(error: unknown, what: string): Refusal {
  if (!(error instanceof RpcCallError)) return { title: `${what} failed`, details: [String(error)] };
  switch (error.code) {
    case 'forbidden':
      return { title: `Not allowed: ${what.toLowerCase()} needs an operator screen`, details: [error.message] };
    case 'invalid_input':
      return { title: `${what}: check the fields`, details: error.issues?.map((i) => `${i.path || 'form'}: ${i.message}`) ?? [error.message] };
    case 'conflict':
      return { title: `${what}: refused`, details: [error.message] };
    default:
      return { title: `${what} failed (${error.code})`, details: [error.message] };
  }
}
