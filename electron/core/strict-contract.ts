/**
 * Whether contract checks throw (development and tests: a core bug shows at once) or are logged
 * and reported as a core problem (production: a wall display keeps running). $WARROOM_STRICT_CONTRACT
 * (1 or 0) decides; otherwise the shell's own default.
 */
export function strictContractFrom(env: NodeJS.ProcessEnv, fallback: boolean): boolean {
  const value = env.WARROOM_STRICT_CONTRACT?.trim();
  if (value === '1') return true;
  if (value === '0') return false;
  return fallback;
}
