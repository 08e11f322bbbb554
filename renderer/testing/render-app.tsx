/** Renders the whole app over a client (a real core's memory client), wired as main.tsx wires it, for Testing Library tests. */
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { ClientProvider } from '../api/client-context.js';
import { App } from '../app.js';
import { startIngest } from '../stores/ingest.js';
import { startHashRouting } from '../stores/routing.js';
import { resetAppStore, useAppStore } from '../stores/store.js';
import type { MemoryClient } from '../api/memory-client.js';

/**
 * jsdom has no canvas: getContext answers null (as a browser without one would), so the charts are
 * skipped, and without jsdom's "not implemented" noise. restoreMocks undoes it after each test.
 */
export function withoutCanvas(): void {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
}

/** `wall`: render the wall display, as main.tsx does for `?wall`. */
export function renderApp(core: { client: MemoryClient }, hash = '#/board', { wall = false }: { wall?: boolean } = {}) {
  withoutCanvas();
  resetAppStore();
  window.history.replaceState(null, '', `/${hash}`);
  const stopIngest = startIngest(core.client, useAppStore, { root: document.documentElement });
  const stopRouting = startHashRouting();
  const view = render(
    <ClientProvider client={core.client}>
      <App wall={wall} />
    </ClientProvider>,
  );
  return {
    ...view,
    stop() {
      view.unmount();
      stopRouting();
      stopIngest();
    },
  };
}
