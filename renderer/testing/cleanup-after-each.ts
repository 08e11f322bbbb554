import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

export type CleanupStep = () => Promise<void> | void;

/**
 * Registers what a view test undoes after each test and answers the list its steps go on (cores
 * closed, servers stopped). After each test: real timers first (closing a core waits on them),
 * then the steps newest first, then the rendered tree and localStorage (the app keeps settings
 * there).
 */
export function cleanupAfterEach(): CleanupStep[] {
  const steps: CleanupStep[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const step of steps.splice(0).reverse()) await step();
    cleanup();
    localStorage.clear();
  });
  return steps;
}
