import { ForbiddenError } from '../../errors.js';
import type { SecurityService } from '../../security/security-service.js';
import type { Handlers } from '../router.js';

type SecurityCommands =
  | 'security.overview'
  | 'security.listFindings'
  | 'security.getFinding'
  | 'security.listScans'
  | 'security.compareScans'
  | 'security.history'
  | 'security.importReports'
  | 'security.importReportContents'
  | 'security.triage'
  | 'security.gate'
  | 'security.export';

export function securityHandlers(security: SecurityService): Pick<Handlers, SecurityCommands> {
  return {
    'security.overview': function handleSecurityOverview() {
      return security.overview();
    },
    'security.listFindings': function handleSecurityListFindings(input) {
      return security.list(input);
    },
    'security.getFinding': function handleSecurityGetFinding(input) {
      return security.get(input.id);
    },
    'security.listScans': function handleSecurityListScans(input) {
      return security.scans(input);
    },
    'security.compareScans': function handleSecurityCompareScans(input) {
      return security.compare(input.baseScanId, input.scanId);
    },
    'security.history': function handleSecurityHistory(input) {
      return security.history(input);
    },
    'security.importReports': function handleSecurityImportReports(input, ctx) {
      // Paths name files on the core's machine. A web client is remote (maybe a phone on the
      // war-room wall): it may not make the core read whatever file it names. The CLI and the
      // desktop app run as the user on this machine, who can read those files anyway.
      if (ctx.transport === 'http') {
        throw new ForbiddenError('reports are imported from files on the machine Warroom runs on: use `warroom scan import` or the desktop app');
      }
      return security.importReports(input);
    },
    'security.importReportContents': function handleSecurityImportReportContents(input) {
      // Any operator, on any transport: the core parses only what it was sent and reads no file.
      return security.importReportContents(input);
    },
    'security.triage': function handleSecurityTriage(input) {
      return security.triage(input);
    },
    'security.gate': function handleSecurityGate() {
      return security.gate();
    },
    'security.export': function handleSecurityExport(input) {
      return security.export(input.format, input.filter);
    },
  };
}
