/**
 * Variants of the bundled rehearsal config for e2e: the same suites, profiles and criteria, with
 * load durations short enough for a test (the shipped numbers are the launch plan's: hours).
 */

/**
 * Replaces the profile `id` of the `load.profiles` section (its line and any indented lines under
 * it) by `{ flow }`; throws when the profile is not there, so a renamed profile fails loudly.
 */
export function replaceProfile(config: string, id: string, flow: string): string {
  const lines = config.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`    ${id}:`));
  if (start < 0) throw new Error(`no load profile "${id}" in the config`);
  let end = start + 1;
  while (end < lines.length && /^ {6,}\S/.test(lines[end]!)) end += 1;
  lines.splice(start, end - start, `    ${id}: ${flow}`);
  return lines.join('\n');
}

/** Adds profiles at the top of `load.profiles`. */
export function addProfiles(config: string, profiles: Record<string, string>): string {
  const entries = Object.entries(profiles).map(([id, flow]) => `    ${id}: ${flow}\n`).join('');
  if (!config.includes('\n  profiles:\n')) throw new Error('no load.profiles in the config');
  return config.replace('\n  profiles:\n', `\n  profiles:\n${entries}`);
}

/** Adds criteria (YAML, indented four spaces) at the top of `board.criteria`. */
export function addCriteria(config: string, yaml: string): string {
  if (!config.includes('\n  criteria:\n')) throw new Error('no board.criteria in the config');
  return config.replace('\n  criteria:\n', `\n  criteria:\n${yaml}`);
}

/**
 * The launch plan's two suites (baseline: light, normal, peak, endurance; api: smoke, api-normal,
 * api-peak, api-endurance) with each test `seconds` long and fewer users (two cores run the
 * platform, Warroom and Chromium at once); the order, the shapes and the thresholds stay.
 */
export function shortSuites(config: string, seconds: number): string {
  const d = `${seconds}s`;
  const short: Record<string, string> = {
    light: `{ model: closed, users: 10, duration: ${d} }`,
    normal: `{ model: closed, users: 20, spawnRate: 20, duration: ${d} }`,
    peak: `{ model: closed, users: 40, spawnRate: 40, duration: ${d} }`,
    endurance: `{ model: closed, users: 20, spawnRate: 20, duration: ${d} }`,
    smoke: `{ model: closed, users: 10, duration: ${d} }`,
    'api-normal': `{ model: closed, users: 20, spawnRate: 20, duration: ${d} }`,
    'api-peak': `{ model: closed, users: 30, spawnRate: 30, duration: ${d} }`,
    'api-endurance': `{ model: closed, users: 20, spawnRate: 20, duration: ${d} }`,
  };
  return Object.entries(short).reduce((text, [id, flow]) => replaceProfile(text, id, flow), config);
}
