/**
 * A variant of the bundled config whose tiles carry the longest reasons they meet in practice: a
 * command probe on Identity that fails with a long error line (an address with no space to break
 * at), and a PromQL probe on the Data layer whose Prometheus does not answer (the address in the
 * reason). Specs check that such text stays readable inside its tile.
 */

/** The last line the failing check prints (the probe keeps its first 160 characters). */
export const LONG_PROBE_ERROR =
  'ERROR token-signer: cannot fetch keys from https://vault-eu-west-1.internal.example.com:8200/v1/transit/keys/identity-token-signing-2026?version=latest (ECONNREFUSED after 3 attempts)';

/** What a replay that cannot load its moment may say (the core's error, passed on as it is). */
export const LONG_REPLAY_ERROR =
  'replay.get: SQLITE_BUSY: database is locked while reading probe_results, board_verdicts and action_runs as of the moment asked for (busy_timeout 5000 ms exceeded); try again in a moment';

/**
 * The bundled config with the two probes added (beside the standard live/ready ones), and, when
 * `prometheusUrl` is given, the rehearsal environment's Prometheus moved there.
 */
export function withLongReasons(bundled: string, prometheusUrl?: string): string {
  const failing = JSON.stringify(`console.error(${JSON.stringify(LONG_PROBE_ERROR)}); process.exit(2)`);
  const probes = [
    '  services:',
    '    identity:',
    `      - { name: token-signer, kind: command, argv: [${JSON.stringify(process.execPath)}, -e, ${failing}] }`,
    '    data-layer:',
    '      - { name: slo-burn, kind: promql, query: "sum(rate(http_requests_total{status=~\\"5..\\"}[5m]))", condition: "value < 0.5" }',
  ].join('\n');
  const defaults = /\n {2}defaults: \{ interval: [^\n]*\n/;
  if (!defaults.test(bundled)) throw new Error('no probes.defaults line in the config');
  let text = bundled.replace(defaults, (line) => `${line}${probes}\n`);
  if (prometheusUrl) {
    const prometheus = /\n {4}rehearsal: \{ url: http:\/\/127\.0\.0\.1:9190,/;
    if (!prometheus.test(text)) throw new Error('no rehearsal Prometheus in the config');
    text = text.replace(prometheus, `\n    rehearsal: { url: ${prometheusUrl},`);
  }
  return text;
}
