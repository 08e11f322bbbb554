import type { ScannerService } from '../../security/scanners/scanner-service.js';
import type { Handlers } from '../router.js';

type ScanCommands = 'security.scanners' | 'security.startScan' | 'security.cancelScan' | 'security.getScanRun' | 'security.listScanRuns';

export function securityScanHandlers(scanners: ScannerService): Pick<Handlers, ScanCommands> {
  return {
    'security.scanners': function handleSecurityScanners() {
      return scanners.list();
    },
    // Names scanner ids only: what runs is the config's argv, never a caller's.
    'security.startScan': function handleSecurityStartScan(input) {
      return scanners.start(input);
    },
    'security.cancelScan': function handleSecurityCancelScan(input) {
      return scanners.cancel(input);
    },
    'security.getScanRun': function handleSecurityGetScanRun(input) {
      return scanners.get(input.runId);
    },
    'security.listScanRuns': function handleSecurityListScanRuns(input) {
      return scanners.history(input);
    },
  };
}
