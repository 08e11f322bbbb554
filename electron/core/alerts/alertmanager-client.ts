/**
 * Alertmanager's HTTP API v2, the parts Warroom uses: the alerts it holds (with silence and
 * inhibition state), silences, posting an alert, and its status. Every answer is parsed against
 * a schema; a failure is an AlertmanagerError whose message says what went wrong and where.
 */
import { z } from 'zod';
import { getOnLiveConnection } from '../net/closed-connection.js';

/** unreachable: no answer (refused, timed out); error: it answered, but not with what the API promises. */
export class AlertmanagerError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'error',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AlertmanagerError';
  }
}

const TimeSchema = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { error: 'expected an RFC 3339 time' });

const GettableAlertSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: TimeSchema,
  updatedAt: TimeSchema,
  endsAt: TimeSchema.optional(),
  generatorURL: z.string().optional(),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).nullable().default([]),
    inhibitedBy: z.array(z.string()).nullable().default([]),
  }),
});
export type GettableAlert = z.infer<typeof GettableAlertSchema>;

const MatcherSchema = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().default(true) });
export type SilenceMatcher = z.infer<typeof MatcherSchema>;

const GettableSilenceSchema = z.object({
  id: z.string(),
  matchers: z.array(MatcherSchema),
  createdBy: z.string(),
  comment: z.string(),
  startsAt: TimeSchema,
  endsAt: TimeSchema,
  status: z.object({ state: z.string() }),
});
export type GettableSilence = z.infer<typeof GettableSilenceSchema>;

const StatusSchema = z.object({
  versionInfo: z.object({ version: z.string() }).partial().optional(),
  uptime: z.string().optional(),
  cluster: z.object({ status: z.string() }).partial().optional(),
});

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface NewSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface AlertmanagerClient {
  readonly url: string;
  alerts(): Promise<GettableAlert[]>;
  silences(): Promise<GettableSilence[]>;
  /** Creates a silence and returns its id. */
  createSilence(silence: NewSilence): Promise<string>;
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  status(): Promise<z.infer<typeof StatusSchema>>;
}

export interface AlertmanagerClientOptions {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function createAlertmanagerClient(options: AlertmanagerClientOptions): AlertmanagerClient {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  async function request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const where = `${method} ${base}${path}`;
    let response: Response;
    let text: string;
    const signal = AbortSignal.timeout(options.timeoutMs);
    const send = () =>
      doFetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
    try {
      // Only a GET is sent again: a POST (a silence, a test alert) might have reached the server.
      response = await (method === 'GET' ? getOnLiveConnection(send, signal) : send());
      text = await response.text();
    } catch (error) {
      throw new AlertmanagerError('unreachable', `Alertmanager unreachable: ${where}: ${describeFetchError(error, options.timeoutMs)}`, { cause: error });
    }
    if (!response.ok) {
      throw new AlertmanagerError('error', `Alertmanager answered ${response.status} to ${where}: ${text.trim().slice(0, 200) || response.statusText}`);
    }
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new AlertmanagerError('error', `Alertmanager answered ${where} with a malformed body (not JSON): ${text.trim().slice(0, 80)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new AlertmanagerError('error', `Alertmanager answered ${where} with a malformed body: ${issue?.message ?? 'unexpected shape'}${at}`);
    }
    return parsed.data;
  }

  return {
    url: base,
    alerts: () => request('GET', '/api/v2/alerts', z.array(GettableAlertSchema)),
    silences: () => request('GET', '/api/v2/silences', z.array(GettableSilenceSchema)),
    async createSilence(silence) {
      const answer = await request('POST', '/api/v2/silences', z.object({ silenceID: z.string() }), silence);
      return answer.silenceID;
    },
    async postAlerts(alerts) {
      await request('POST', '/api/v2/alerts', z.unknown(), alerts);
    },
    status: () => request('GET', '/api/v2/status', StatusSchema),
  };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
