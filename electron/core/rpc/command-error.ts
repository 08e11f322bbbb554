import type { ErrorCode, RpcError } from '../../../shared/contract/errors.js';

/** Thrown by handlers for an expected refusal; the router turns it into { ok: false, error }. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly issues: RpcError['issues'];
  constructor(code: ErrorCode, message: string, issues?: RpcError['issues']) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.issues = issues;
  }
}
