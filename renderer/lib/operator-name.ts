/**
 * The operator's name on this machine: the journal's author, the actor of runs, approvals,
 * cancels and runbook ticks (recorded in the audit trail). One storage key, so it is asked once;
 * every field showing it follows a change at once.
 */
import { useSyncExternalStore } from 'react';

/** The journal form's key since before actions existed: names typed there carry over. */
export const OPERATOR_NAME_KEY = 'warroom.author';

const listeners = new Set<() => void>();
/** Used only where storage is disabled. */
let memory = '';

export function readOperatorName(): string {
  try {
    return window.localStorage.getItem(OPERATOR_NAME_KEY) ?? '';
  } catch {
    return memory;
  }
}

/** Remembers the name (trimmed); an empty one forgets it. */
export function rememberOperatorName(name: string): void {
  const trimmed = name.trim();
  memory = trimmed;
  try {
    if (trimmed) window.localStorage.setItem(OPERATOR_NAME_KEY, trimmed);
    else window.localStorage.removeItem(OPERATOR_NAME_KEY);
  } catch {
    // Storage may be disabled (kiosk profiles); the name then lasts as long as the page.
  }
  listeners.forEach((fn) => fn());
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  // Another window of the same app changed it.
  const onStorage = (event: StorageEvent) => {
    if (event.key === OPERATOR_NAME_KEY || event.key === null) fn();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('storage', onStorage);
  };
}

/** The remembered name, re-rendering when it changes. */
export function useOperatorName(): string {
  return useSyncExternalStore(subscribe, readOperatorName, () => '');
}
