/** Sets the shells' common security headers (shared/util/security-headers.ts) on a web response. */
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../../shared/util/security-headers.js';

export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../shared/util/security-headers.js';

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
