/** HTTP client of the simulated platform's control API (status, faults, deploys, scenarios). */
import { z } from 'zod';
import { PlatformStatusSchema } from '../../../shared/domain/rehearsal.js';
import type { FaultRequest, PlatformStatus } from '../../../shared/domain/rehearsal.js';

export class PlatformError extends Error {
  /** HTTP status of the control API's answer; 0 when it could not be reached. */
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformError';
    this.status = status;
  }
}

export const MigrationResultSchema = z.object({
  dryRun: z.boolean(),
  from: z.number().int(),
  to: z.number().int(),
  steps: z.array(z.string()),
  applied: z.boolean(),
});
export type MigrationResult = z.infer<typeof MigrationResultSchema>;

export interface PlatformClient {
  readonly controlUrl: string;
  status(): Promise<PlatformStatus>;
  fault(request: FaultRequest): Promise<PlatformStatus>;
  deploy(request: { version: string; services?: string[]; stepDelayMs?: number }): Promise<PlatformStatus>;
  rollback(request: { services?: string[]; complete?: boolean }): Promise<PlatformStatus>;
  migrate(request: { dryRun: boolean }): Promise<MigrationResult>;
  startScenario(request: { name: string; speed?: number }): Promise<PlatformStatus>;
  stopScenario(): Promise<PlatformStatus>;
  reset(): Promise<PlatformStatus>;
  shutdown(): Promise<void>;
}

export function createPlatformClient(options: { controlUrl: string; token: string; timeoutMs?: number }): PlatformClient {
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = options.controlUrl.replace(/\/$/, '');

  async function request<T>(method: string, path: string, schema: z.ZodType<T> | undefined, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${options.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeFetchError(error);
      throw new PlatformError(0, `rehearsal platform at ${base} unreachable: ${reason}`, { cause: error });
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new PlatformError(response.status, `rehearsal platform answered ${method} ${path} with non-JSON (HTTP ${response.status})`);
    }
    if (!response.ok) {
      const message = (data as { error?: unknown } | undefined)?.error;
      throw new PlatformError(response.status, typeof message === 'string' ? message : `HTTP ${response.status} from ${method} ${path}`);
    }
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new PlatformError(response.status, `rehearsal platform answered ${method} ${path} with an unexpected shape`);
    return parsed.data;
  }

  return {
    controlUrl: base,
    status: () => request('GET', '/status', PlatformStatusSchema),
    fault: (body) => request('POST', '/faults', PlatformStatusSchema, body),
    deploy: (body) => request('POST', '/deploy', PlatformStatusSchema, body),
    rollback: (body) => request('POST', '/rollback', PlatformStatusSchema, body),
    migrate: (body) => request('POST', '/migrate', MigrationResultSchema, body),
    startScenario: (body) => request('POST', '/scenario', PlatformStatusSchema, body),
    stopScenario: () => request('DELETE', '/scenario', PlatformStatusSchema),
    reset: () => request('POST', '/reset', PlatformStatusSchema, {}),
    shutdown: () => request('POST', '/shutdown', undefined, {}),
  };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is it running?)';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
