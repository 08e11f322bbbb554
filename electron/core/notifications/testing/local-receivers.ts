/**
 * Real local peers for channel tests: an HTTP receiver (a Slack-compatible webhook or the
 * PagerDuty Events API) and an SMTP sink (npm smtp-server, a real SMTP server) on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  path: string;
  body: unknown;
}

export interface HttpReceiver {
  url: string;
  received: ReceivedRequest[];
  /** The status the next requests get (default: 202 with PagerDuty's answer, 200 for others). */
  answerWith(status: number): void;
  /** Resolves once `count` requests arrived. */
  waitFor(count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: (r: ReceivedRequest[]) => void }[] = [];
  let status: number | null = null;
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text.
      }
      received.push({ path: req.url ?? '/', body });
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...received]);
      }
      const pagerDuty = req.url?.includes('enqueue') ?? false;
      const code = status ?? (pagerDuty ? 202 : 200);
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(code < 300 ? JSON.stringify(pagerDuty ? { status: 'success', message: 'Event processed', dedup_key: 'k' } : { ok: true }) : JSON.stringify({ status: 'invalid event', message: 'Event object is invalid' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(code) {
      status = code;
    },
    waitFor(count) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | null;
  raw: string;
}

export interface SmtpSink {
  port: number;
  /** smtp://user:password@127.0.0.1:port */
  url(user?: string, password?: string): string;
  received: ReceivedMail[];
  waitFor(count: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** An SMTP server that accepts mail for anyone, with login `user`/`password` when given. */
export async function startSmtpSink(credentials?: { user: string; password: string }): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: (r: ReceivedMail[]) => void }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw,
        });
        for (const waiter of waiters.filter((w) => received.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve([...received]);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: (user, password) => `smtp://${user && password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}`,
    received,
    waitFor(count) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
