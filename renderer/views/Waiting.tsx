/** Placeholder until the first snapshot arrived. */
import type { ViewId } from '../stores/slices/ui.js';

export function Waiting({ view }: { view: ViewId }) {
  return (
    <section className="view view--waiting" data-testid={`view-${view}`}>
      <p className="muted">Waiting for the core…</p>
    </section>
  );
}
