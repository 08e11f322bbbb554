import type { AuditLog } from '../../audit/audit-log.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { ReportsService } from '../../reports/reports-service.js';
import type { Handlers } from '../router.js';

type ReportCommands =
  | 'standup.add'
  | 'standup.list'
  | 'reports.generate'
  | 'reports.send'
  | 'reports.get'
  | 'reports.list'
  | 'notify.channels'
  | 'notify.test'
  | 'notify.acknowledge';

export function reportHandlers(deps: { reports: ReportsService; notifications: NotificationService; environment: string; audit: AuditLog }): Pick<Handlers, ReportCommands> {
  const { reports, notifications } = deps;
  return {
    'standup.add': function handleStandupAdd(input) {
      return reports.addStandup(input);
    },
    'standup.list': function handleStandupList(input) {
      return reports.standups(input.day);
    },
    'reports.generate': function handleReportsGenerate(input) {
      return reports.generate(input);
    },
    'reports.send': function handleReportsSend(input) {
      return reports.send(input.reportId, input.by);
    },
    'reports.get': function handleReportsGet(input) {
      return input.reportId !== undefined ? reports.get(input.reportId) : reports.latest(input.day);
    },
    'reports.list': function handleReportsList(input) {
      return reports.list(input);
    },
    'notify.channels': function handleNotifyChannels() {
      return { environment: deps.environment, channels: notifications.channels() };
    },
    'notify.test': async function handleNotifyTest(input) {
      const delivery = await notifications.test(input.channel, input.by);
      deps.audit.append({ actor: input.by, event: 'notification_test', detail: { channel: input.channel, deliveryId: delivery.id, state: delivery.state } });
      return delivery;
    },
    'notify.acknowledge': async function handleNotifyAcknowledge(input) {
      const delivery = await notifications.acknowledge(input.service, input.by);
      deps.audit.append({ actor: input.by, event: 'notification_ack', detail: { service: input.service, deliveryId: delivery.id, state: delivery.state } });
      return delivery;
    },
  };
}
