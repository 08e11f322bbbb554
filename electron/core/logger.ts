/** The core's log sink: stderr by default, so stdout stays clean for --json output. */
import { lineLogger } from '../../shared/util/logger.js';
import type { Logger } from '../../shared/util/logger.js';

export type { Logger } from '../../shared/util/logger.js';
export { silentLogger } from '../../shared/util/logger.js';

export const stderrLogger: Logger = lineLogger((line) => process.stderr.write(line));
