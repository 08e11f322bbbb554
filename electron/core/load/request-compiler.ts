/**
 * Worker side: a planned request becomes what the hot path needs. Anything that does not vary
 * per request (path, headers, body, the dispatch options object itself) is built once here.
 */
import type { Dispatcher } from 'undici';
import { serializeRequest } from './lean-http.js';
import type { PlannedRequest } from './protocol.js';
import { compileBody, compileString, type Render, type TemplateRuntime, type TemplateScope } from './template-runtime.js';
import { isStatic } from './templates.js';

/** A request ready to send: fixed options when nothing varies, else a builder. */
export interface CompiledRequest {
  endpoint: number;
  weight: number;
  needs: readonly string[];
  /** Same object for every send when the request has no templates. */
  fixedOptions: Dispatcher.DispatchOptions | null;
  fixedBytesOut: number;
  /** The fixed request serialised for the lean HTTP client (null when it varies, or cannot be sent). */
  fixedWire: Buffer | null;
  build(scope: TemplateScope): { options: Dispatcher.DispatchOptions; bytesOut: number };
  /** Index = status code; 1 when the status counts as a success. */
  accepts: Uint8Array;
  capture: readonly [string, (string | number)[]][];
  bodyContains: string | null;
  /** Keep the body (for captures or bodyContains)? */
  collectBody: boolean;
  maxBodyBytes: number;
  thinkMinMs: number;
  thinkSpanMs: number;
  timeoutMs: number;
}

const encodePathValue = (text: string): string => encodeURIComponent(text);

export function compileRequest(planned: PlannedRequest, basePath: string, host: string, runtime: TemplateRuntime): CompiledRequest {
  const path = compileString(planned.path, runtime, encodePathValue);
  const headerRenders: [string, Render][] = planned.headers.map(([name, value]) => [name.toLowerCase(), compileString(value, runtime)]);
  const hasBody = planned.body !== null;
  if (hasBody && !headerRenders.some(([name]) => name === 'content-type')) headerRenders.push(['content-type', () => 'application/json']);
  const body = planned.body ? compileBody(planned.body, runtime) : null;
  const staticHeaders = planned.headers.every(([, value]) => isStatic(value));
  const isFixed = isStatic(planned.path) && staticHeaders && (body === null || body.fixed !== null);

  // Request line, host, connection and content-length undici adds, plus our headers: an estimate of bytes on the wire.
  const overhead = planned.method.length + 12 + basePath.length + 8 + host.length + 24 + (hasBody ? 22 : 0);
  const headersOf = (scope: TemplateScope): { list: string[]; bytes: number } => {
    const list: string[] = [];
    let bytes = 0;
    for (const [name, render] of headerRenders) {
      const value = render(scope);
      list.push(name, value);
      bytes += name.length + value.length + 4;
    }
    return { list, bytes };
  };
  const build = (scope: TemplateScope): { options: Dispatcher.DispatchOptions; bytesOut: number } => {
    const renderedPath = basePath + path(scope);
    const headers = headersOf(scope);
    const renderedBody = body ? Buffer.from(body.render(scope)) : null;
    return {
      options: { method: planned.method, path: renderedPath, headers: headers.list, body: renderedBody },
      bytesOut: overhead + renderedPath.length + headers.bytes + (renderedBody?.length ?? 0),
    };
  };
  const emptyScope: TemplateScope = { vars: {}, vu: 0, iteration: 0 };
  const fixed = isFixed ? build(emptyScope) : null;

  const accepts = new Uint8Array(1000);
  if (planned.expectStatus) for (const status of planned.expectStatus) accepts[status] = 1;
  else accepts.fill(1, 100, 400);

  return {
    endpoint: planned.endpoint,
    weight: planned.weight,
    needs: planned.needs,
    fixedOptions: fixed?.options ?? null,
    fixedBytesOut: fixed?.bytesOut ?? 0,
    fixedWire: fixed ? wireOf(fixed.options, host) : null,
    build,
    accepts,
    capture: planned.capture,
    bodyContains: planned.bodyContains,
    collectBody: planned.capture.length > 0 || planned.bodyContains !== null,
    maxBodyBytes: planned.maxBodyBytes,
    thinkMinMs: planned.thinkTime.minMs,
    thinkSpanMs: planned.thinkTime.maxMs - planned.thinkTime.minMs,
    timeoutMs: planned.timeoutMs,
  };
}

/** True when every variable the request needs is there. */
export function hasNeeds(request: CompiledRequest, vars: Record<string, unknown>): boolean {
  const needs = request.needs;
  for (let i = 0; i < needs.length; i += 1) if (vars[needs[i]!] === undefined) return false;
  return true;
}

/** Picks requests by weight (cumulative weights, one random number per pick). */
export function weightedPicker(requests: readonly CompiledRequest[]): () => CompiledRequest {
  if (requests.length === 1) {
    const only = requests[0]!;
    return () => only;
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const request of requests) cumulative.push((total += request.weight));
  return () => {
    const r = Math.random() * total;
    for (let i = 0; i < cumulative.length; i += 1) if (r < cumulative[i]!) return requests[i]!;
    return requests[requests.length - 1]!;
  };
}

/** A fixed request's bytes; null if it cannot be serialised (each send then fails with the reason). */
function wireOf(options: Dispatcher.DispatchOptions, host: string): Buffer | null {
  const headers = Array.isArray(options.headers) ? options.headers.map(String) : [];
  const body = Buffer.isBuffer(options.body) ? options.body : null;
  try {
    return serializeRequest(options.method, options.path, host, headers, body);
  } catch {
    return null;
  }
}
