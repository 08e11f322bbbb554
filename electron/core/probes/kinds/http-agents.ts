/**
 * Keep-alive agents shared by the http probes of one probe service (one set per core, never one
 * per process), one per (protocol, insecure TLS), so a high probe rate reuses connections instead
 * of opening one per check. A request that is destroyed (timeout, truncated body) destroys its
 * socket, so nothing half-read ever returns to the pool.
 */
import http from 'node:http';
import https from 'node:https';

export type AgentKey = 'http' | 'https' | 'https-insecure';

const AGENT_OPTIONS = {
  keepAlive: true,
  // Bounded per host so a slow target queues checks (they time out) instead of opening sockets without limit.
  maxSockets: 64,
  maxFreeSockets: 16,
  // Idle sockets close before the common 5 s server keep-alive timeout, which avoids most reuse races.
  timeout: 4000,
  scheduling: 'lifo',
} as const;

/** Socket counts per agent: `active` are in use, `idle` wait for reuse, `queued` requests wait for a socket. */
export interface AgentStats {
  active: number;
  idle: number;
  queued: number;
}

export interface HttpAgents {
  agentFor(key: AgentKey): http.Agent;
  /** For diagnostics and tests: how many sockets the agents hold right now. */
  stats(): Record<AgentKey, AgentStats>;
  /** Closes every pooled socket; call when the probe service stops. Agents are recreated on next use. */
  destroy(): void;
}

export function createHttpAgents(): HttpAgents {
  const agents = new Map<AgentKey, http.Agent>();
  return {
    agentFor(key) {
      let agent = agents.get(key);
      if (!agent) {
        agent =
          key === 'http'
            ? new http.Agent(AGENT_OPTIONS)
            : new https.Agent({ ...AGENT_OPTIONS, rejectUnauthorized: key === 'https' });
        agents.set(key, agent);
      }
      return agent;
    },
    stats() {
      const stats = {} as Record<AgentKey, AgentStats>;
      for (const key of ['http', 'https', 'https-insecure'] as const) {
        const agent = agents.get(key);
        stats[key] = agent
          ? { active: countValues(agent.sockets), idle: countValues(agent.freeSockets), queued: countValues(agent.requests) }
          : { active: 0, idle: 0, queued: 0 };
      }
      return stats;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

function countValues(table: NodeJS.ReadOnlyDict<unknown[]>): number {
  let count = 0;
  for (const list of Object.values(table)) count += list?.length ?? 0;
  return count;
}
