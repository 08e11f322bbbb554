import { describe, expect, it } from 'vitest';
import { createHttpAgents } from './http-agents.js';

describe('http agents', () => {
  it('belong to one probe service: two sets never share an agent, and destroying one leaves the other', () => {
    const first = createHttpAgents();
    const second = createHttpAgents();
    const kept = second.agentFor('http');
    expect(first.agentFor('http')).not.toBe(kept);
    expect(first.agentFor('https')).not.toBe(second.agentFor('https'));
    first.destroy();
    // The other core's pool is untouched: the same agent comes back.
    expect(second.agentFor('http')).toBe(kept);
    expect(first.agentFor('http')).not.toBe(kept);
  });
});
