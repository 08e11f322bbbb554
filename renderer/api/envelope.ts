/** Turns a call envelope into a value or an RpcCallError; shared by every transport. */
import { ERROR_CODES, RpcCallError, isEventName } from '../../shared/contract/index.js';
import type { ErrorCode, RpcResult, WireEvent } from '../../shared/contract/index.js';

const codes: readonly string[] = ERROR_CODES;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether a parsed body has the envelope shape (checked by hand: the renderer ships no schema parser). */
export function isEnvelope(value: unknown): value is RpcResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  return typeof value.error.code === 'string' && codes.includes(value.error.code) && typeof value.error.message === 'string';
}

/** The value of an ok envelope; throws RpcCallError for an error envelope. */
export function unwrap<T>(envelope: RpcResult<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw new RpcCallError(envelope.error);
}

/** An RpcCallError for failures that happen before the core could answer. */
export function transportError(code: ErrorCode, message: string): RpcCallError {
  return new RpcCallError({ code, message });
}

/** Whether a value is an event the renderer knows, as it crosses a transport. */
export function isWireEvent(value: unknown): value is WireEvent {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    isEventName(value.name) &&
    typeof value.seq === 'number' &&
    typeof value.at === 'number' &&
    'payload' in value
  );
}
