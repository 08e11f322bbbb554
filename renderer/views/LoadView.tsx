/** Load tests: nothing runs yet in this version; say what will appear. */
import { EmptyState } from '../components/common/EmptyState.js';

export function LoadView() {
  return (
    <section className="view" data-testid="view-load">
      <EmptyState title="No load test running" sections={['load']}>
        <p>
          When a load test runs, this screen shows its request rate, latency percentiles (p50, p95, p99) and error rate,
          second by second, for each scenario in the <code>load</code> section.
        </p>
      </EmptyState>
    </section>
  );
}
