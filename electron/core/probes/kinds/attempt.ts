/** One attempt's time budget: a signal that fires on the caller's abort or the probe's timeout. */

export interface AttemptBudget {
  signal: AbortSignal;
  /** True once the attempt's own timeout (not the caller) aborted it. */
  readonly timedOut: boolean;
  /** Clears the timer and detaches from the caller's signal. */
  dispose(): void;
}

export function startAttempt(parent: AbortSignal, timeoutMs: number): AttemptBudget {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

/**
 * Settles like `work`, but once `signal` aborts it waits at most `graceMs` more for `work` to
 * clean up and then rejects anyway: a kind that ignores its signal still cannot hang a check.
 */
export function settleWithin<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')), graceMs);
    };
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Rejects with the signal's reason when it aborts; for awaiting third-party promises that take no signal. */
export function rejectOnAbort(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Nobody may be listening when it loses a race; never report it as unhandled.
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
