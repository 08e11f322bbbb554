/** The error half of the call envelope: Error objects do not survive IPC or JSON, codes do. */
import { z } from 'zod';

export const ERROR_CODES = [
  'unknown_command',
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const RpcErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** For invalid_input: every problem, with the path into the input. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type RpcError = z.infer<typeof RpcErrorSchema>;

/** What every command call returns, on every transport. */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

export const RpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);

/** Thrown by clients when a call comes back with ok: false. */
export class RpcCallError extends Error {
  readonly code: ErrorCode;
  readonly issues: RpcError['issues'];
  constructor(error: RpcError) {
    super(error.message);
    this.name = 'RpcCallError';
    this.code = error.code;
    this.issues = error.issues;
  }
}
