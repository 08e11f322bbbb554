/**
 * The load engine's own HTTP/1.1 client for plain `http:` targets: one request at a time per
 * socket, keep-alive, no pipelining. It exists because the generator's CPU per request is what a
 * load test spends to measure the target: a request is pre-serialised bytes written as they are
 * (request-compiler.ts serialises a fixed request once), every socket reads into one reused buffer
 * (`onread`, no 'data' events, no allocation per read), and the response parser only finds what
 * framing needs: the status, Content-Length, chunked Transfer-Encoding and Connection: close
 * (HEAD, 204 and 304 have no body; a response without length ends with the connection).
 * https targets and everything else in the app use undici (connections.ts chooses).
 *
 * Handlers get the same callbacks in the same order as undici's dispatch handler (onConnect,
 * head, onData, onComplete or onError), and errors carry the codes counters.ts classifies:
 * ECONNREFUSED, ECONNRESET/EPIPE, and a parse failure as 'other'.
 */
import { connect, type Socket } from 'node:net';

/** What the lean client calls on the exchange it carries. */
export interface LeanHandler {
  /** The request is on a connection (being connected or written); `abort` fails it. */
  onConnect(abort: (error?: Error) => void): void;
  /** Status line and headers read; `headBytes` as on the wire. */
  onResponseHead(status: number, headBytes: number): void;
  /** Body bytes buffer[start, end) (de-chunked). They live in a reused buffer: copy what you keep. */
  onBody(buffer: Buffer, start: number, end: number): void;
  onComplete(trailers: null): void;
  onError(error: Error): void;
}

/** A response the lean client cannot read; counted as `other`, as undici's parser errors are. */
export class ResponseParseError extends Error {
  readonly code = 'WARROOM_BAD_RESPONSE';
}

/** The connection ended with the response incomplete (or before it began). */
function resetError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const CR = 13;
const LF = 10;
const READ_BUFFER_BYTES = 64 * 1024;
/** A status line and headers longer than this is refused (undici's default is 16 KiB too). */
const MAX_HEAD_BYTES = 16 * 1024;

/** Serialises a request once; refuses CR/LF in any part, so a templated value cannot split it. */
export function serializeRequest(method: string, path: string, host: string, headers: readonly string[], body: Buffer | null): Buffer {
  const unsafe = (text: string): boolean => text.includes('\r') || text.includes('\n');
  if (unsafe(path) || path.includes(' ') || unsafe(method) || unsafe(host)) throw new RequestBuildError(`invalid request line: ${method} ${path}`);
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!;
    const value = headers[i + 1]!;
    if (unsafe(name) || unsafe(value) || name.includes(':')) throw new RequestBuildError(`invalid header ${JSON.stringify(name)}`);
    head += `${name}: ${value}\r\n`;
  }
  if (body !== null) head += `content-length: ${body.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === null ? headBytes : Buffer.concat([headBytes, body]);
}

/** A request that cannot be put on the wire (counted as `other`, like undici's InvalidArgumentError). */
export class RequestBuildError extends Error {
  readonly code = 'WARROOM_INVALID_REQUEST';
}

/** A request waiting for a connection: its bytes, whether it is a HEAD (no response body), its handler. */
interface Queued {
  wire: Buffer;
  head: boolean;
  handler: LeanHandler;
}

/**
 * A bounded set of lean connections sharing one queue: with `connections: 1` it is a pinned
 * user's connection, with more a pool (any idle connection takes the next request).
 */
export class LeanLane {
  private readonly all: LeanConnection[] = [];
  private readonly idle: LeanConnection[] = [];
  private readonly queue: Queued[] = [];
  private destroyed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxConnections: number,
    private readonly readBuffer: Buffer,
  ) {}

  /** Sends `wire` (a whole serialised request; `head` when its method is HEAD) on the next free connection. */
  dispatch(wire: Buffer, head: boolean, handler: LeanHandler): void {
    if (this.destroyed) {
      handler.onError(resetError('connections closed'));
      return;
    }
    let connection = this.idle.pop();
    if (connection === undefined && this.all.length < this.maxConnections) {
      // Created on first use, so a ramp opens connections as users arrive.
      connection = new LeanConnection(this.host, this.port, this.readBuffer, this);
      this.all.push(connection);
    }
    if (connection === undefined) this.queue.push({ wire, head, handler });
    else connection.start(wire, head, handler);
  }

  /** A connection finished its request: it takes the next queued one or waits. */
  connectionFree(connection: LeanConnection): void {
    const next = this.queue.shift();
    if (next !== undefined) connection.start(next.wire, next.head, next.handler);
    else this.idle.push(connection);
  }

  /** Closes every connection and fails what is in flight or queued. */
  destroy(): void {
    this.destroyed = true;
    const error = resetError('connections closed');
    for (const queued of this.queue.splice(0)) queued.handler.onError(error);
    for (const connection of this.all) connection.destroy(error);
  }
}

/** Where the response parser is. */
const enum Phase {
  Head,
  /** Body of known length: `remaining` bytes. */
  Fixed,
  /** Body until the connection closes. */
  UntilClose,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
}

class LeanConnection {
  private socket: Socket | null = null;
  private connected = false;
  private handler: LeanHandler | null = null;
  /** The request in flight (bytes and whether it is a HEAD). */
  private wire: Buffer | null = null;
  private head = false;
  private phase = Phase.Head;
  /** Head bytes (or a chunk-size / trailer line) split over reads, copied out of the read buffer. */
  private pending: Buffer | null = null;
  private remaining = 0;
  private closeAfter = false;
  /** End of the new bytes in the read being handled. */
  private readEnd = 0;
  private readonly abort = (error?: Error): void => {
    this.fail(error ?? resetError('request aborted'));
  };

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly readBuffer: Buffer,
    private readonly lane: LeanLane,
  ) {}

  start(wire: Buffer, head: boolean, handler: LeanHandler): void {
    this.handler = handler;
    this.wire = wire;
    this.head = head;
    this.phase = Phase.Head;
    this.pending = null;
    this.closeAfter = false;
    handler.onConnect(this.abort);
    if (this.handler !== handler) return; // aborted from inside onConnect
    if (this.socket === null) this.open();
    else if (this.connected) this.socket.write(wire);
  }

  destroy(error: Error): void {
    if (this.handler !== null) this.fail(error);
    else this.dropSocket();
  }

  private open(): void {
    const socket: Socket = connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      onread: { buffer: this.readBuffer, callback: (bytes: number, buffer: Buffer): boolean => this.read(socket, buffer, bytes) },
    });
    this.socket = socket;
    this.connected = false;
    socket.on('connect', () => {
      if (socket !== this.socket) return;
      this.connected = true;
      if (this.wire !== null) socket.write(this.wire);
    });
    socket.on('error', (error: Error) => {
      if (socket === this.socket) this.fail(error);
    });
    socket.on('end', () => {
      if (socket === this.socket) this.ended();
    });
    socket.on('close', () => {
      if (socket === this.socket) this.ended();
    });
  }

  /** The peer closed: completes a body read until close, else fails what is in flight. */
  private ended(): void {
    if (this.handler !== null && this.phase === Phase.UntilClose) {
      this.dropSocket();
      this.complete();
      return;
    }
    if (this.handler !== null) this.fail(resetError('other side closed'));
    else this.dropSocket();
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.connected = false;
    this.pending = null;
    socket?.destroy();
  }

  /** Fails the request in flight; the socket goes too, since the stream is no longer in step. */
  private fail(error: Error): void {
    const handler = this.handler;
    this.dropSocket();
    if (handler === null) return;
    this.handler = null;
    this.wire = null;
    handler.onError(error);
    this.lane.connectionFree(this);
  }

  private complete(): void {
    const handler = this.handler!;
    this.handler = null;
    this.wire = null;
    if (this.closeAfter) this.dropSocket();
    // The next queued request first, then the handler (which may dispatch again, FIFO after it).
    this.lane.connectionFree(this);
    handler.onComplete(null);
  }

  /** onread callback: `bytes` new bytes at the start of `buffer`. Returns false to stop reading. */
  private read(socket: Socket, buffer: Buffer, bytes: number): boolean {
    if (socket !== this.socket) return false;
    if (this.handler === null) {
      // Bytes nobody asked for: the stream is out of step; start again on a fresh socket.
      this.dropSocket();
      return false;
    }
    this.readEnd = bytes;
    let at = 0;
    // A finished response that leaves bytes over drops this socket, which ends the loop.
    while (at < bytes && this.handler !== null && this.socket === socket) {
      switch (this.phase) {
        case Phase.Head:
          at = this.readHead(buffer, at, bytes);
          break;
        case Phase.Fixed: {
          const take = Math.min(this.remaining, bytes - at);
          this.handler.onBody(buffer, at, at + take);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishBody(at);
          break;
        }
        case Phase.UntilClose:
          this.handler.onBody(buffer, at, bytes);
          at = bytes;
          break;
        case Phase.ChunkSize:
        case Phase.Trailers:
          at = this.readLine(buffer, at, bytes);
          break;
        case Phase.ChunkData: {
          const take = Math.min(this.remaining, bytes - at);
          this.handler.onBody(buffer, at, at + take);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.phase = Phase.ChunkDataEnd;
            this.remaining = 2;
          }
          break;
        }
        case Phase.ChunkDataEnd: {
          // The CRLF after a chunk's data (possibly split over reads).
          const expected = this.remaining === 2 ? CR : LF;
          if (buffer[at] !== expected) {
            this.fail(new ResponseParseError('chunked body: missing CRLF after chunk data'));
            return false;
          }
          at += 1;
          this.remaining -= 1;
          if (this.remaining === 0) this.phase = Phase.ChunkSize;
          break;
        }
      }
    }
    return this.socket === socket;
  }

  /** Collects the head (status line and headers) and starts the body. Returns the new offset. */
  private readHead(buffer: Buffer, at: number, bytes: number): number {
    const pending = this.pending;
    if (pending === null) {
      const end = buffer.indexOf(CRLF_CRLF, at);
      if (end === -1 || end + 4 > bytes) {
        this.keepPending(buffer, at, bytes);
        return bytes;
      }
      return this.parseHead(buffer, at, end + 4, end + 4);
    }
    const joined = Buffer.concat([pending, buffer.subarray(at, bytes)]);
    const end = joined.indexOf(CRLF_CRLF, Math.max(0, pending.length - 3));
    if (end === -1) {
      this.keepPending(buffer, at, bytes);
      return bytes;
    }
    this.pending = null;
    return this.parseHead(joined, 0, end + 4, at + end + 4 - pending.length);
  }

  private keepPending(buffer: Buffer, at: number, bytes: number): void {
    const piece = Buffer.from(buffer.subarray(at, bytes));
    this.pending = this.pending === null ? piece : Buffer.concat([this.pending, piece]);
    if (this.pending.length > MAX_HEAD_BYTES) this.fail(new ResponseParseError(`response head over ${MAX_HEAD_BYTES} bytes`));
  }

  /**
   * Parses head[start, end) (end just after the blank line) and moves to the body; returns
   * `next`, the offset in the read buffer where the body begins.
   */
  private parseHead(head: Buffer, start: number, end: number, next: number): number {
    // "HTTP/1.x SSS" then a space or the line end.
    if (
      end - start < 16 ||
      head[start] !== 72 || head[start + 1] !== 84 || head[start + 2] !== 84 || head[start + 3] !== 80 ||
      head[start + 4] !== 47 || head[start + 5] !== 49 || head[start + 6] !== 46 ||
      !isDigit(head[start + 7]!) || head[start + 8] !== 32 ||
      !isDigit(head[start + 9]!) || !isDigit(head[start + 10]!) || !isDigit(head[start + 11]!) ||
      (head[start + 12] !== 32 && head[start + 12] !== CR)
    ) {
      this.fail(new ResponseParseError(`malformed status line: ${JSON.stringify(head.toString('latin1', start, Math.min(end, start + 40)).split('\r')[0])}`));
      return next;
    }
    const http10 = head[start + 7] === 48;
    const status = (head[start + 9]! - 48) * 100 + (head[start + 10]! - 48) * 10 + (head[start + 11]! - 48);
    let contentLength = -1;
    let chunked = false;
    let close = http10;
    let line = head.indexOf(LF, start) + 1;
    const last = end - 2; // the blank line's CR
    while (line < last) {
      const lineEnd = head.indexOf(CR, line);
      if (lineEnd === -1 || lineEnd >= end || head[lineEnd + 1] !== LF) return this.badHead('header line without CRLF', next);
      const colon = head.indexOf(58, line);
      if (colon === -1 || colon > lineEnd || colon === line) return this.badHead('header line without a name', next);
      const nameLength = colon - line;
      if (nameLength === 14 && nameIs(head, line, 'content-length')) {
        const length = readDecimal(head, colon + 1, lineEnd);
        if (length < 0) return this.badHead(`invalid content-length ${JSON.stringify(head.toString('latin1', colon + 1, lineEnd).trim())}`, next);
        if (contentLength !== -1 && contentLength !== length) return this.badHead('conflicting content-length headers', next);
        contentLength = length;
      } else if (nameLength === 17 && nameIs(head, line, 'transfer-encoding')) {
        chunked = /(^|,)\s*chunked\s*$/i.test(head.toString('latin1', colon + 1, lineEnd));
      } else if (nameLength === 10 && nameIs(head, line, 'connection')) {
        // The usual values are compared as bytes; a list of options goes through the regexes.
        const [from, to] = trimmedOws(head, colon + 1, lineEnd);
        if (to - from === 10 && nameIs(head, from, 'keep-alive')) {
          if (http10) close = false;
        } else if (to - from === 5 && nameIs(head, from, 'close')) {
          close = true;
        } else {
          const value = head.toString('latin1', from, to).toLowerCase();
          if (/(^|,)\s*close\s*(,|$)/.test(value)) close = true;
          else if (http10 && /(^|,)\s*keep-alive\s*(,|$)/.test(value)) close = false;
        }
      }
      line = lineEnd + 2;
    }
    if (status >= 100 && status < 200) {
      if (status === 101) return this.badHead('unexpected protocol upgrade', next);
      return next; // informational (100 Continue): the real response follows
    }
    this.closeAfter = close;
    this.handler!.onResponseHead(status, end - start);
    if (this.handler === null) return next;
    if (this.head || status === 204 || status === 304) {
      this.finishBody(next);
    } else if (chunked) {
      this.phase = Phase.ChunkSize;
    } else if (contentLength >= 0) {
      if (contentLength === 0) this.finishBody(next);
      else {
        this.phase = Phase.Fixed;
        this.remaining = contentLength;
      }
    } else {
      this.phase = Phase.UntilClose;
      this.closeAfter = true;
    }
    return next;
  }

  /** The response ends at `next`; more bytes in this read are out of step (the socket goes after it). */
  private finishBody(next: number): void {
    if (next < this.readEnd) this.closeAfter = true;
    this.complete();
  }

  private badHead(why: string, next: number): number {
    this.fail(new ResponseParseError(`malformed response: ${why}`));
    return next;
  }

  /** Reads one line of a chunked body (a chunk size, or a trailer) that may span reads. */
  private readLine(buffer: Buffer, at: number, bytes: number): number {
    const lf = buffer.indexOf(LF, at);
    if (lf === -1 || lf >= bytes) {
      this.keepPending(buffer, at, bytes);
      return bytes;
    }
    let line: string;
    if (this.pending === null) line = buffer.toString('latin1', at, lf);
    else {
      line = Buffer.concat([this.pending, buffer.subarray(at, lf)]).toString('latin1');
      this.pending = null;
    }
    if (!line.endsWith('\r')) {
      this.fail(new ResponseParseError('chunked body: line without CRLF'));
      return bytes;
    }
    line = line.slice(0, -1);
    const next = lf + 1;
    if (this.phase === Phase.Trailers) {
      if (line === '') this.finishBody(next);
      return next;
    }
    const sizeText = line.split(';', 1)[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) {
      this.fail(new ResponseParseError(`chunked body: invalid chunk size ${JSON.stringify(sizeText)}`));
      return bytes;
    }
    const size = parseInt(sizeText, 16);
    if (size === 0) this.phase = Phase.Trailers;
    else {
      this.phase = Phase.ChunkData;
      this.remaining = size;
    }
    return next;
  }
}

const isDigit = (byte: number): boolean => byte >= 48 && byte <= 57;

const isOws = (byte: number): boolean => byte === 32 || byte === 9;

/** [from, to) without the optional whitespace (spaces, tabs) around a header value. */
function trimmedOws(buffer: Buffer, from: number, to: number): [number, number] {
  while (from < to && isOws(buffer[from]!)) from += 1;
  while (to > from && isOws(buffer[to - 1]!)) to -= 1;
  return [from, to];
}

/**
 * The decimal number in buffer[from, to) between optional whitespace, read from the bytes (no
 * string per response); -1 when it is empty, not all digits, or too long to be exact.
 */
function readDecimal(buffer: Buffer, from: number, to: number): number {
  [from, to] = trimmedOws(buffer, from, to);
  if (from === to || to - from > 15) return -1;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const byte = buffer[i]!;
    if (!isDigit(byte)) return -1;
    value = value * 10 + (byte - 48);
  }
  return value;
}

/** Case-insensitive match of a header name or token (`lower` is lower-case ASCII). */
function nameIs(buffer: Buffer, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i += 1) if ((buffer[at + i]! | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

/** One read buffer per worker thread: reads are handled one at a time, and handlers copy what they keep. */
export function newReadBuffer(): Buffer {
  return Buffer.allocUnsafe(READ_BUFFER_BYTES);
}
