/**
 * Expected refusals, in the core's own words: a service throws these and the router answers with
 * the matching envelope code. Anything else a service throws is a bug and answers "internal".
 */
import type { ErrorCode } from '../../shared/contract/errors.js';

/** The envelope codes a refusal may carry (the others belong to the transports and the router). */
export type DomainErrorCode = Extract<ErrorCode, 'not_found' | 'conflict' | 'forbidden' | 'invalid_input' | 'unavailable'>;

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The thing asked for does not exist (no such run, action, service, profile). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request clashes with the current state (already running, not running). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A rule forbids it here or for this caller (environment, second operator). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Well-formed but not acceptable: a parameter, a confirmation or a plan the core refuses. */
export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

/** Something the core depends on is not there right now (the rehearsal platform). */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}
