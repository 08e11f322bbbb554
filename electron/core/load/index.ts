/**
 * The load-test engine's public face: start a run, parse thresholds, check a `load:` section.
 * The config schemas and result types live in shared/domain/load.ts.
 */
export { startLoadRun, type LoadRunHandle, type StartLoadRunOptions } from './coordinator.js';
export { checkLoadConfig, LoadPlanError, planLoadRun, type LoadPlanIssue, type LoadRunOptions } from './plan.js';
export { evaluateThreshold, parseThreshold, ThresholdSyntaxError, type ParsedThreshold, type ThresholdFacts } from './thresholds.js';
export { parseTemplate, TemplateError } from './templates.js';
export { decodeHistogram, HISTOGRAM_SETTINGS, newMergeHistogram, percentileMs } from './histograms.js';
