import { describe, expect, it } from 'vitest';
import { FaultArgsError, parseFaultArgs } from './fault-args.js';

describe('parseFaultArgs', () => {
  it('reads every fault kind from the command line', () => {
    expect(parseFaultArgs('stop', undefined)).toEqual({ kind: 'stop' });
    expect(parseFaultArgs('start', undefined)).toEqual({ kind: 'start' });
    expect(parseFaultArgs('slow', '300ms')).toEqual({ kind: 'slow', medianMs: 300, p99Ms: 1200 });
    expect(parseFaultArgs('slow', '300ms/2s')).toEqual({ kind: 'slow', medianMs: 300, p99Ms: 2000 });
    expect(parseFaultArgs('errors', '25%')).toEqual({ kind: 'errors', rate: 0.25 });
    expect(parseFaultArgs('errors', '0.1')).toEqual({ kind: 'errors', rate: 0.1 });
    expect(parseFaultArgs('flapping', '20s')).toEqual({ kind: 'flapping', periodMs: 20_000 });
    expect(parseFaultArgs('dependency-down', 'database')).toEqual({ kind: 'dependency-down', dependency: 'database' });
    expect(parseFaultArgs('dependency-up', undefined, 'database')).toEqual({ kind: 'dependency-up', dependency: 'database' });
    expect(parseFaultArgs('deploy', '2.5.0-rc3')).toEqual({ kind: 'deploy', version: '2.5.0-rc3' });
    expect(parseFaultArgs('clear', undefined)).toEqual({ kind: 'clear' });
  });

  it('explains what is wrong and what was expected', () => {
    expect(() => parseFaultArgs('explode', undefined)).toThrow(/unknown fault kind "explode"; one of:\n {2}stop/);
    expect(() => parseFaultArgs('slow', undefined)).toThrow('slow needs a latency: slow MEDIAN[/P99], e.g. 300ms or 300ms/2s; 0 clears');
    expect(() => parseFaultArgs('slow', 'fast')).toThrow(/not a duration: "fast"/);
    expect(() => parseFaultArgs('errors', '150%')).toThrow(FaultArgsError);
    expect(() => parseFaultArgs('stop', 'now')).toThrow('stop takes no value');
    expect(() => parseFaultArgs('dependency-down', undefined)).toThrow(/needs the dependency's name/);
    expect(() => parseFaultArgs('deploy', '--version=1')).toThrow(FaultArgsError);
  });
});
