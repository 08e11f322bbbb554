import { describe, expect, it } from 'vitest';
import { alertmanagerUnreachableHint, isRehearsalPrometheus, prometheusAddress, prometheusUnreachable, unreachableHint } from './prometheus.js';

describe('Prometheus problem words', () => {
  it('names the host and port of an unreachable Prometheus, without scheme or path', () => {
    expect(prometheusAddress('http://127.0.0.1:9190')).toBe('127.0.0.1:9190');
    expect(prometheusAddress('https://prom.example.org/prometheus/?x=1')).toBe('prom.example.org');
    expect(prometheusUnreachable('http://127.0.0.1:9190/', 'connection refused')).toBe('Prometheus unreachable (127.0.0.1:9190): connection refused');
  });

  it('tells how to start the rehearsal stack only for its address on this machine', () => {
    for (const url of ['http://127.0.0.1:9190', 'http://localhost:9190/', 'http://[::1]:9190']) {
      expect(isRehearsalPrometheus(url), url).toBe(true);
      expect(unreachableHint(url)).toBe('Start the rehearsal monitoring stack: warroom rehearse monitoring start');
    }
    for (const url of ['http://127.0.0.1:9090', 'http://prom.internal:9190', 'http://127.0.0.1:19190']) {
      expect(isRehearsalPrometheus(url), url).toBe(false);
      expect(unreachableHint(url)).toBe('');
    }
  });

  it('gives the same cure for the rehearsal stack\'s Alertmanager, and only for its port', () => {
    for (const url of ['http://127.0.0.1:9193', 'http://localhost:9193/', 'http://[::1]:9193']) {
      expect(alertmanagerUnreachableHint(url), url).toBe('Start the rehearsal monitoring stack: warroom rehearse monitoring start');
    }
    for (const url of ['http://127.0.0.1:9093', 'http://127.0.0.1:9190', 'http://am.internal:9193']) expect(alertmanagerUnreachableHint(url), url).toBe('');
  });
});
