/**
 * How a Prometheus that did not answer reads, the same on the Monitoring view, the Health view's
 * tiles, the board's monitoring criterion, probes and the CLI: what is wrong, where, and (for the
 * rehearsal monitoring stack, Prometheus or Alertmanager) what starts it.
 */

/** Where the rehearsal monitoring stack's Prometheus answers (`warroom rehearse monitoring start`). */
export const REHEARSAL_PROMETHEUS_PORT = 9190;
/** Where its Alertmanager answers. */
export const REHEARSAL_ALERTMANAGER_PORT = 9193;

/** The command that starts the rehearsal monitoring stack. */
export const REHEARSAL_MONITORING_START = 'warroom rehearse monitoring start';

/** "127.0.0.1:9190" for "http://127.0.0.1:9190/prometheus": the host and port a reader can check. */
export function prometheusAddress(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '');
}

/** "Prometheus unreachable (127.0.0.1:9190): connection refused". */
export function prometheusUnreachable(url: string, reason: string): string {
  return `Prometheus unreachable (${prometheusAddress(url)}): ${reason}`;
}

/** Whether the URL is this machine's loopback on that port, whatever config names it. */
function isLoopbackPort(url: string, port: number): boolean {
  const address = prometheusAddress(url).toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(address);
}

/** Whether the URL is the rehearsal stack's Prometheus on this machine. */
export function isRehearsalPrometheus(url: string): boolean {
  return isLoopbackPort(url, REHEARSAL_PROMETHEUS_PORT);
}

const START_THE_STACK = `Start the rehearsal monitoring stack: ${REHEARSAL_MONITORING_START}`;

/** What to do about an unreachable Prometheus: the start command when it is the rehearsal stack, else nothing to suggest (""). */
export function unreachableHint(url: string): string {
  return isRehearsalPrometheus(url) ? START_THE_STACK : '';
}

/** The same for an Alertmanager that did not answer: the rehearsal stack's on this machine has the same cure. */
export function alertmanagerUnreachableHint(url: string): string {
  return isLoopbackPort(url, REHEARSAL_ALERTMANAGER_PORT) ? START_THE_STACK : '';
}
