/**
 * The one bound store, made of slices. Slices hold what the core derived; changes come from
 * ingest.ts and the module-level updates in store-updates.ts, never from store methods.
 */
import { create } from 'zustand';
import { createActionsSlice } from './slices/actions.js';
import type { ActionsSlice } from './slices/actions.js';
import { createClockSlice } from './slices/clock.js';
import type { ClockSlice } from './slices/clock.js';
import { createConfigSlice } from './slices/config.js';
import type { ConfigSlice } from './slices/config.js';
import { createConnectionSlice } from './slices/connection.js';
import type { ConnectionSlice } from './slices/connection.js';
import { createDrillsSlice } from './slices/drills.js';
import type { DrillsSlice } from './slices/drills.js';
import { createHeartbeatSlice } from './slices/heartbeat.js';
import type { HeartbeatSlice } from './slices/heartbeat.js';
import { createHealthSlice } from './slices/health.js';
import type { HealthSlice } from './slices/health.js';
import { createJournalSlice } from './slices/journal.js';
import type { JournalSlice } from './slices/journal.js';
import { createLoadSlice } from './slices/load.js';
import type { LoadSlice } from './slices/load.js';
import { createLoadSuitesSlice } from './slices/load-suites.js';
import type { LoadSuitesSlice } from './slices/load-suites.js';
import { createMeetingSlice } from './slices/meeting.js';
import type { MeetingSlice } from './slices/meeting.js';
import { createNotificationsSlice } from './slices/notifications.js';
import type { NotificationsSlice } from './slices/notifications.js';
import { createProblemsSlice } from './slices/problems.js';
import type { ProblemsSlice } from './slices/problems.js';
import { createRecentSlice } from './slices/recent.js';
import type { RecentSlice } from './slices/recent.js';
import { createRehearsalSlice } from './slices/rehearsal.js';
import type { RehearsalSlice } from './slices/rehearsal.js';
import { createBoardSlice } from './slices/board.js';
import type { BoardSlice } from './slices/board.js';
import { createSecuritySlice } from './slices/security.js';
import type { SecuritySlice } from './slices/security.js';
import { createAlertsSlice } from './slices/alerts.js';
import type { AlertsSlice } from './slices/alerts.js';
import { createReplaySlice } from './slices/replay.js';
import type { ReplaySlice } from './slices/replay.js';
import { createTickerSlice } from './slices/ticker.js';
import type { TickerSlice } from './slices/ticker.js';
import { createPlanSlice } from './slices/plan.js';
import type { PlanSlice } from './slices/plan.js';
import { createMonitoringSlice } from './slices/monitoring.js';
import type { MonitoringSlice } from './slices/monitoring.js';
import { createReportsSlice } from './slices/reports.js';
import type { ReportsSlice } from './slices/reports.js';
import { createUiSlice } from './slices/ui.js';
import type { UiSlice } from './slices/ui.js';

/** Everything the renderer shows. */
export type AppState = ConnectionSlice &
  ConfigSlice &
  JournalSlice &
  HeartbeatSlice &
  ClockSlice &
  RehearsalSlice &
  HealthSlice &
  RecentSlice &
  NotificationsSlice &
  ActionsSlice &
  LoadSlice &
  LoadSuitesSlice &
  ProblemsSlice &
  BoardSlice &
  DrillsSlice &
  MeetingSlice &
  SecuritySlice &
  AlertsSlice &
  ReplaySlice &
  TickerSlice &
  PlanSlice &
  MonitoringSlice &
  ReportsSlice &
  UiSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createConfigSlice(...a),
  ...createJournalSlice(...a),
  ...createHeartbeatSlice(...a),
  ...createClockSlice(...a),
  ...createRehearsalSlice(...a),
  ...createHealthSlice(...a),
  ...createRecentSlice(...a),
  ...createNotificationsSlice(...a),
  ...createActionsSlice(...a),
  ...createLoadSlice(...a),
  ...createLoadSuitesSlice(...a),
  ...createProblemsSlice(...a),
  ...createBoardSlice(...a),
  ...createDrillsSlice(...a),
  ...createMeetingSlice(...a),
  ...createSecuritySlice(...a),
  ...createAlertsSlice(...a),
  ...createReplaySlice(...a),
  ...createTickerSlice(...a),
  ...createPlanSlice(...a),
  ...createMonitoringSlice(...a),
  ...createReportsSlice(...a),
  ...createUiSlice(...a),
}));

export type AppStore = typeof useAppStore;

/** Back to the state at start (tests call it between cases). */
export function resetAppStore(store: AppStore = useAppStore): void {
  store.setState(store.getInitialState(), true);
}
