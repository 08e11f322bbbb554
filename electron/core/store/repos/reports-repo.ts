/** Stand-up notes, generated end-of-day reports and notification deliveries (migration 0110). */
import type { Channel, Delivery } from '../../../../shared/domain/notifications.js';
import { EodContentSchema } from '../../../../shared/domain/reports.js';
import type { EodContent, StandupNote } from '../../../../shared/domain/reports.js';
import type { WritableDb } from '../db.js';

export interface StoredReport {
  id: number;
  day: string;
  environment: string;
  generatedAt: number;
  by: string;
  markdown: string;
  html: string;
  content: EodContent;
}

export type NewDelivery = Omit<Delivery, 'id'>;

export interface ReportsRepo {
  addStandup(note: Omit<StandupNote, 'id'>): StandupNote;
  /** Notes of a day, oldest first. */
  standups(day: string): StandupNote[];
  addReport(report: Omit<StoredReport, 'id'>): StoredReport;
  getReport(id: number): StoredReport | null;
  /** The newest report of a day, or null. */
  latestReportOf(day: string): StoredReport | null;
  /** Reports generated in [fromAt, toAt), newest first (without their bodies). */
  listReports(query: { fromAt: number; toAt: number; limit: number }): Omit<StoredReport, 'markdown' | 'html' | 'content'>[];
  addDelivery(delivery: NewDelivery): Delivery;
  deliveriesOf(reportId: number): Delivery[];
  /** The newest delivery through a channel, or null. */
  latestDelivery(channel: Channel): Delivery | null;
  /** Deliveries in [fromAt, toAt), newest first. */
  deliveries(query: { fromAt: number; toAt: number; limit: number }): Delivery[];
}

interface DeliveryRow {
  id: number;
  at: number;
  channel: Channel;
  kind: Delivery['kind'];
  action: string | null;
  subject: string;
  state: Delivery['state'];
  detail: string | null;
  report_id: number | null;
}

interface ReportRow {
  id: number;
  day: string;
  environment: string;
  generated_at: number;
  by: string;
  markdown: string;
  html: string;
  content: string;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  at: row.at,
  channel: row.channel,
  kind: row.kind,
  action: row.action,
  subject: row.subject,
  state: row.state,
  detail: row.detail,
  reportId: row.report_id,
});

const toReport = (row: ReportRow): StoredReport => ({
  id: row.id,
  day: row.day,
  environment: row.environment,
  generatedAt: row.generated_at,
  by: row.by,
  markdown: row.markdown,
  html: row.html,
  // Parsed, not cast: a row edited by hand reads as an error naming the report, not as a wrong report.
  content: EodContentSchema.parse(JSON.parse(row.content)),
});

export function createReportsRepo(db: WritableDb): ReportsRepo {
  const insertStandup = db.prepare<[Omit<StandupNote, 'id'>], never>(
    'INSERT INTO standup_notes (day, person, yesterday, today, blockers, by, at) VALUES (@day, @person, @yesterday, @today, @blockers, @by, @at)',
  );
  const standupsOf = db.prepare<[string], StandupNote>('SELECT id, day, person, yesterday, today, blockers, by, at FROM standup_notes WHERE day = ? ORDER BY id');
  const insertReport = db.prepare<[Omit<ReportRow, 'id'>], never>(
    'INSERT INTO eod_reports (day, environment, generated_at, by, markdown, html, content) VALUES (@day, @environment, @generated_at, @by, @markdown, @html, @content)',
  );
  const reportById = db.prepare<[number], ReportRow>('SELECT * FROM eod_reports WHERE id = ?');
  const latestOfDay = db.prepare<[string], ReportRow>('SELECT * FROM eod_reports WHERE day = ? ORDER BY id DESC LIMIT 1');
  const reportsBetween = db.prepare<[number, number, number], Omit<ReportRow, 'markdown' | 'html' | 'content'>>(
    'SELECT id, day, environment, generated_at, by FROM eod_reports WHERE generated_at >= ? AND generated_at < ? ORDER BY generated_at DESC, id DESC LIMIT ?',
  );
  const insertDelivery = db.prepare<[Omit<DeliveryRow, 'id'>], never>(
    `INSERT INTO notification_deliveries (at, channel, kind, action, subject, state, detail, report_id)
     VALUES (@at, @channel, @kind, @action, @subject, @state, @detail, @report_id)`,
  );
  const deliveriesOfReport = db.prepare<[number], DeliveryRow>('SELECT * FROM notification_deliveries WHERE report_id = ? ORDER BY id');
  const latestOfChannel = db.prepare<[string], DeliveryRow>('SELECT * FROM notification_deliveries WHERE channel = ? ORDER BY id DESC LIMIT 1');
  const deliveriesBetween = db.prepare<[number, number, number], DeliveryRow>(
    'SELECT * FROM notification_deliveries WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  return {
    addStandup(note) {
      const { lastInsertRowid } = insertStandup.run(note);
      return { id: Number(lastInsertRowid), ...note };
    },
    standups: (day) => standupsOf.all(day),
    addReport(report) {
      const { lastInsertRowid } = insertReport.run({
        day: report.day,
        environment: report.environment,
        generated_at: report.generatedAt,
        by: report.by,
        markdown: report.markdown,
        html: report.html,
        content: JSON.stringify(report.content),
      });
      return { id: Number(lastInsertRowid), ...report };
    },
    getReport(id) {
      const row = reportById.get(id);
      return row ? toReport(row) : null;
    },
    latestReportOf(day) {
      const row = latestOfDay.get(day);
      return row ? toReport(row) : null;
    },
    listReports({ fromAt, toAt, limit }) {
      return reportsBetween.all(fromAt, toAt, limit).map((row) => ({ id: row.id, day: row.day, environment: row.environment, generatedAt: row.generated_at, by: row.by }));
    },
    addDelivery(delivery) {
      const { lastInsertRowid } = insertDelivery.run({
        at: delivery.at,
        channel: delivery.channel,
        kind: delivery.kind,
        action: delivery.action,
        subject: delivery.subject,
        state: delivery.state,
        detail: delivery.detail,
        report_id: delivery.reportId,
      });
      return { id: Number(lastInsertRowid), ...delivery };
    },
    deliveriesOf: (reportId) => deliveriesOfReport.all(reportId).map(toDelivery),
    latestDelivery(channel) {
      const row = latestOfChannel.get(channel);
      return row ? toDelivery(row) : null;
    },
    deliveries: ({ fromAt, toAt, limit }) => deliveriesBetween.all(fromAt, toAt, limit).map(toDelivery),
  };
}
