/** A failed command call in the operator's words, kept for display next to the control that made it. */
import { RpcCallError } from '../../../shared/contract/index.js';

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
