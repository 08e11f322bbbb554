/**
 * Worker side: what happened since the last snapshot, per endpoint. Recording is a histogram
 * bump and a few array writes; a snapshot encodes the histograms and resets everything.
 */
import { SLOT, SLOTS, STATUS_BASE, STATUS_RANGE, newCounters } from './counters.js';
import { encodeHistogram, newRecordingHistogram, type Histogram } from './histograms.js';
import type { WorkerSnapshot } from './protocol.js';

export class Recorder {
  private counters: Float64Array;
  private readonly histograms: Histogram[];
  private readonly statuses: Float64Array;
  private samples: number[][] | null;

  constructor(
    private readonly endpoints: number,
    recordSamples: boolean,
  ) {
    this.counters = newCounters(endpoints);
    this.histograms = Array.from({ length: endpoints }, newRecordingHistogram);
    this.statuses = new Float64Array(endpoints * STATUS_RANGE);
    this.samples = recordSamples ? Array.from({ length: endpoints }, () => []) : null;
  }

  /**
   * One finished exchange. `latencyUs` is an integer; `status` 0 when there was no response;
   * `errorSlot` 0 for a success, else an ERROR_SLOT.
   */
  record(endpoint: number, latencyUs: number, status: number, bytesIn: number, bytesOut: number, errorSlot: number): void {
    const counters = this.counters;
    const base = endpoint * SLOTS;
    counters[base]! += 1;
    if (errorSlot !== 0) counters[base + errorSlot]! += 1;
    counters[base + SLOT.bytesIn]! += bytesIn;
    counters[base + SLOT.bytesOut]! += bytesOut;
    counters[base + SLOT.sumUs]! += latencyUs;
    if (latencyUs > counters[base + SLOT.maxUs]!) counters[base + SLOT.maxUs] = latencyUs;
    if (latencyUs < counters[base + SLOT.minUs]!) counters[base + SLOT.minUs] = latencyUs;
    if (status >= STATUS_BASE && status < STATUS_BASE + STATUS_RANGE) this.statuses[endpoint * STATUS_RANGE + status - STATUS_BASE]! += 1;
    this.histograms[endpoint]!.recordValue(latencyUs);
    if (this.samples) this.samples[endpoint]!.push(latencyUs);
  }

  count(endpoint: number, slot: number): void {
    this.counters[endpoint * SLOTS + slot]! += 1;
  }

  /** Everything since the last snapshot; resets the counters. */
  snapshot(activeUsers: number, inFlight: number, target: number): WorkerSnapshot {
    const histograms: (string | null)[] = [];
    const statusCodes: number[] = [];
    for (let e = 0; e < this.endpoints; e += 1) {
      const histogram = this.histograms[e]!;
      histograms.push(histogram.totalCount > 0 ? encodeHistogram(histogram) : null);
      histogram.reset();
      for (let s = 0; s < STATUS_RANGE; s += 1) {
        const count = this.statuses[e * STATUS_RANGE + s]!;
        if (count > 0) statusCodes.push(e, s + STATUS_BASE, count);
      }
    }
    this.statuses.fill(0);
    const counters = this.counters;
    this.counters = newCounters(this.endpoints);
    const samples = this.samples?.map((list) => (list.length > 0 ? Float64Array.from(list) : null));
    if (this.samples) this.samples = this.samples.map(() => []);
    return { activeUsers, inFlight, target, counters, histograms, statusCodes, ...(samples ? { samples } : {}) };
  }
}
