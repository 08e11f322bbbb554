import { NotRunningError } from '../../rehearsal/rehearsal-service.js';
import type { RehearsalService } from '../../rehearsal/rehearsal-service.js';
import { PlatformError } from '../../rehearsal/platform-client.js';
import { DomainError, UnavailableError } from '../../errors.js';
import type { DomainErrorCode } from '../../errors.js';
import type { Handlers } from '../router.js';

type RehearsalCommands =
  | 'rehearsal.status'
  | 'rehearsal.start'
  | 'rehearsal.stop'
  | 'rehearsal.fault'
  | 'rehearsal.reset'
  | 'rehearsal.scenario.start'
  | 'rehearsal.scenario.stop';

export function rehearsalHandlers(rehearsal: RehearsalService): Pick<Handlers, RehearsalCommands> {
  return {
    'rehearsal.status': function handleRehearsalStatus() {
      return rehearsal.state();
    },
    'rehearsal.start': function handleRehearsalStart() {
      return relay(() => rehearsal.startPlatform());
    },
    'rehearsal.stop': function handleRehearsalStop() {
      return relay(() => rehearsal.stopPlatform());
    },
    'rehearsal.fault': function handleRehearsalFault(input) {
      return relay(() => rehearsal.fault(input));
    },
    'rehearsal.reset': function handleRehearsalReset() {
      return relay(() => rehearsal.control((platform) => platform.reset()));
    },
    'rehearsal.scenario.start': function handleRehearsalScenarioStart(input) {
      return relay(() => rehearsal.control((platform) => platform.startScenario(input)));
    },
    'rehearsal.scenario.stop': function handleRehearsalScenarioStop() {
      return relay(() => rehearsal.control((platform) => platform.stopScenario()));
    },
  };
}

/** Turns the platform's refusals into the contract's error codes. */
async function relay<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotRunningError) throw new UnavailableError(error.message);
    const code = error instanceof PlatformError ? codeFor(error.status) : undefined;
    // Any other failure of the platform is the core's problem: the router answers "internal".
    throw code && error instanceof Error ? new DomainError(code, error.message) : error;
  }
}

function codeFor(status: number): DomainErrorCode | undefined {
  if (status === 400) return 'invalid_input';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 0 || status === 503) return 'unavailable';
  return undefined;
}
