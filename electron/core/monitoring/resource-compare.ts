/** Peak and mean of each resource series of a run, and the change between two runs. Pure. */
import type { ResourceComparison, ResourceStat, RunResource } from '../../../shared/domain/monitoring.js';

export function resourceStats(resources: readonly RunResource[]): ResourceStat[] {
  return resources.flatMap((resource) =>
    resource.series
      .filter((series) => series.points.length > 0)
      .map((series) => {
        const values = series.points.map(([, value]) => value);
        return {
          resource: resource.resource,
          title: resource.title,
          unit: resource.unit,
          series: series.name,
          peak: Math.max(...values),
          mean: values.reduce((sum, v) => sum + v, 0) / values.length,
        };
      }),
  );
}

/** One row per resource series found in either run, in the current run's order, then the base's leftovers. */
export function compareResources(base: readonly RunResource[], current: readonly RunResource[]): ResourceComparison[] {
  const key = (stat: ResourceStat) => `${stat.resource}\u0000${stat.series}`;
  const baseStats = new Map(resourceStats(base).map((stat) => [key(stat), stat]));
  const rows: ResourceComparison[] = [];
  const seen = new Set<string>();
  for (const stat of resourceStats(current)) {
    const before = baseStats.get(key(stat));
    seen.add(key(stat));
    rows.push({
      resource: stat.resource,
      title: stat.title,
      unit: stat.unit,
      series: stat.series,
      base: before ? { peak: before.peak, mean: before.mean } : null,
      current: { peak: stat.peak, mean: stat.mean },
      peakChangePercent: before && before.peak !== 0 ? ((stat.peak - before.peak) / Math.abs(before.peak)) * 100 : null,
    });
  }
  for (const [k, stat] of baseStats) {
    if (seen.has(k)) continue;
    rows.push({ resource: stat.resource, title: stat.title, unit: stat.unit, series: stat.series, base: { peak: stat.peak, mean: stat.mean }, current: null, peakChangePercent: null });
  }
  return rows;
}
