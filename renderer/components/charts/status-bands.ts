/**
 * Background bands of the history chart: buckets with failed checks (red, stronger with a larger
 * share), buckets with degraded checks (amber, likewise), spans the service was degraded (a paler
 * amber, from its transitions), and spans no core was running (grey hatching, labelled "not
 * observed": never drawn as up or down).
 */
import type { Plugin } from 'chart.js';
import type { HealthHistory, HealthStatus, Transition } from '../../../shared/domain/probes.js';

export interface Span {
  fromAt: number;
  toAt: number;
}

/** A bucket with some checks of one kind; `share` is their part of the bucket's checks. */
export type ShareSpan = Span & { share: number };

export interface Bands {
  failures: ShareSpan[];
  /** Buckets with degraded checks (answered, but slow or otherwise degraded). */
  degradedChecks: ShareSpan[];
  /** Spans the service itself was degraded. */
  degraded: Span[];
  notObserved: Span[];
}

export const NO_BANDS: Bands = { failures: [], degradedChecks: [], degraded: [], notObserved: [] };

/** One band per bucket with checks of `kind`; its strength is their share of that bucket's checks. */
function shareBands(history: Pick<HealthHistory, 'points' | 'bucketMs'>, kind: 'failures' | 'degraded'): ShareSpan[] {
  return history.points
    .filter((p) => p[kind] > 0)
    .map((p) => ({ fromAt: p.at, toAt: p.at + history.bucketMs, share: p.count > 0 ? p[kind] / p.count : 1 }));
}

/** One band per bucket with failures; its strength is the failed share of that bucket's checks. */
export function failureBands(history: Pick<HealthHistory, 'points' | 'bucketMs'>): ShareSpan[] {
  return shareBands(history, 'failures');
}

/** One band per bucket with degraded checks; its strength is their share of that bucket's checks. */
export function degradedCheckBands(history: Pick<HealthHistory, 'points' | 'bucketMs'>): ShareSpan[] {
  return shareBands(history, 'degraded');
}

/**
 * Spans of [fromAt, toAt) in which the service (not one probe) had `status`, from its transitions.
 * Before the first transition it had that transition's `from`; with none in the range, the status
 * it has now, if that began before the range.
 */
export function statusSpans(
  transitions: readonly Transition[],
  range: Span,
  status: HealthStatus,
  current?: { status: HealthStatus; since: number | null },
): Span[] {
  const own = transitions.filter((t) => t.probeId === null).sort((a, b) => a.at - b.at);
  let state: HealthStatus =
    own[0]?.from ?? (current && current.since !== null && current.since <= range.fromAt ? current.status : 'unknown');
  let cursor = range.fromAt;
  const spans: Span[] = [];
  const close = (until: number) => {
    if (state === status && until > cursor) spans.push({ fromAt: cursor, toAt: until });
  };
  for (const t of own) {
    const at = Math.min(Math.max(t.at, range.fromAt), range.toAt);
    close(at);
    cursor = at;
    state = t.to;
  }
  close(range.toAt);
  return spans;
}

export function bandsOf(history: HealthHistory, current?: { status: HealthStatus; since: number | null }): Bands {
  const range = { fromAt: history.fromAt, toAt: history.toAt };
  return {
    failures: failureBands(history),
    degradedChecks: degradedCheckBands(history),
    degraded: statusSpans(history.transitions, range, 'degraded', current),
    notObserved: history.notObserved,
  };
}

/** A chart.js plugin for one chart, reading its bands at every draw. */
export function statusBandsPlugin(getBands: () => Bands): Plugin<'line'> {
  return {
    id: 'statusBands',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      const { top, bottom, left, right } = chartArea;
      const height = bottom - top;
      // Whole pixels: neighbouring buckets then meet without a darker anti-aliased seam.
      const px = (at: number) => Math.round(Math.min(Math.max(x.getPixelForValue(at), left), right));
      const rect = (span: Span) => {
        const x0 = px(span.fromAt);
        // At least a pixel wide, so one failed check in a 30-day chart is still seen.
        const x1 = Math.max(px(span.toAt), x0 + 1);
        return { x0, x1, width: x1 - x0 };
      };
      const bands = getBands();
      ctx.save();
      for (const span of bands.degraded) {
        const { x0, width } = rect(span);
        ctx.fillStyle = 'rgba(255, 178, 36, 0.16)';
        ctx.fillRect(x0, top, width, height);
      }
      for (const span of bands.degradedChecks) {
        const { x0, width } = rect(span);
        ctx.fillStyle = `rgba(255, 178, 36, ${0.14 + 0.3 * Math.min(1, span.share)})`;
        ctx.fillRect(x0, top, width, height);
      }
      for (const span of bands.failures) {
        const { x0, width } = rect(span);
        ctx.fillStyle = `rgba(255, 92, 97, ${0.18 + 0.37 * Math.min(1, span.share)})`;
        ctx.fillRect(x0, top, width, height);
      }
      for (const span of bands.notObserved) {
        const { x0, x1, width } = rect(span);
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, top, width, height);
        ctx.clip();
        ctx.fillStyle = 'rgba(10, 13, 18, 0.85)';
        ctx.fillRect(x0, top, width, height);
        ctx.strokeStyle = 'rgba(158, 171, 189, 0.45)';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        for (let sx = x0 - height; sx < x1; sx += 9) {
          ctx.moveTo(sx, bottom);
          ctx.lineTo(sx + height, top);
        }
        ctx.stroke();
        if (width > 110) {
          ctx.fillStyle = '#eef2f7';
          ctx.font = '600 13px system-ui, sans-serif';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'top';
          const label = 'not observed';
          const w = ctx.measureText(label).width + 12;
          ctx.fillStyle = 'rgba(10, 13, 18, 0.9)';
          ctx.fillRect((x0 + x1) / 2 - w / 2, top + 6, w, 20);
          ctx.fillStyle = '#eef2f7';
          ctx.fillText(label, (x0 + x1) / 2, top + 9);
        }
        ctx.restore();
      }
      ctx.restore();
    },
  };
}
