/**
 * The promql kind: an instant query to the environment's Prometheus and a condition every series
 * of the answer must meet (`value < 0.5`). No series at all is "no data", which is down: a metric
 * that vanished must never read as healthy.
 */
import { PROMQL_CONDITION } from '../../../../shared/domain/probes.js';
import { createPrometheusClient, PrometheusError, seriesName } from '../../monitoring/prometheus-client.js';
import { CheckFailure, type KindRunner } from './check-types.js';

type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface PromqlCondition {
  op: Comparison;
  limit: number;
  holds(value: number): boolean;
  text: string;
}

export function parsePromqlCondition(text: string): PromqlCondition {
  const match = PROMQL_CONDITION.exec(text);
  if (!match) throw new Error(`not a condition: "${text}" (expected e.g. "value < 0.5")`);
  const op = match[1] as Comparison;
  const limit = Number(match[2]);
  const holds = (value: number): boolean => {
    switch (op) {
      case '<':
        return value < limit;
      case '<=':
        return value <= limit;
      case '>':
        return value > limit;
      case '>=':
        return value >= limit;
      case '==':
        return value === limit;
      case '!=':
        return value !== limit;
    }
  };
  return { op, limit, holds, text: `value ${op} ${limit}` };
}

/** A value as a probe detail shows it: up to 4 significant figures. */
function show(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

export const runPromqlCheck: KindRunner<'promql'> = async (probe, ctx) => {
  if (!probe.prometheus) throw new CheckFailure('no Prometheus configured for this environment (monitoring.prometheus)', false);
  const condition = parsePromqlCondition(probe.condition);
  const client = createPrometheusClient({ url: probe.prometheus.url, tokenEnv: probe.prometheus.tokenEnv, timeout: Math.min(probe.prometheus.timeoutMs, ctx.timeoutMs) }, ctx.env);
  ctx.phase('querying Prometheus');
  let samples;
  try {
    samples = await client.query(probe.query, { signal: ctx.signal });
  } catch (error) {
    if (error instanceof PrometheusError) throw new CheckFailure(error.message, error.reason !== 'config' && error.reason !== 'refused');
    throw error;
  }
  if (samples.length === 0) return { outcome: 'down', detail: 'no data' };
  const failing = samples.filter((sample) => !condition.holds(sample.value));
  if (failing.length === 0) {
    const shown = samples.length === 1 ? show(samples[0]!.value) : `${samples.length} series, all`;
    return { outcome: 'up', detail: `${shown} (${condition.text})` };
  }
  const first = failing[0]!;
  const name = seriesName(first.labels);
  const more = failing.length > 1 ? ` and ${failing.length - 1} more` : '';
  return { outcome: 'down', detail: `${show(first.value)}${name ? ` at ${name}` : ''}${more}: not ${condition.text}` };
};
