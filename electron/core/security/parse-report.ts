/**
 * The parsers the register imports with. They come from the parser work (issue 9 part A,
 * electron/core/security/parsers/); until that is merged, importing a file says so.
 */
import { UnavailableError } from '../errors.js';
import type { ParseReportFile } from './security-service.js';

export const parseReportFile: ParseReportFile = (path) =>
  Promise.reject(new UnavailableError(`${path}: the report parsers are not part of this build yet`));
