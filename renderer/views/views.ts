/** Route table: view id → screen. */
import type { ComponentType } from 'react';
import type { ViewId } from '../stores/slices/ui.js';
import { ActionsView } from './ActionsView.js';
import { AlertsView } from './AlertsView.js';
import { BoardView } from './BoardView.js';
import { DrillsView } from './DrillsView.js';
import { HealthView } from './HealthView.js';
import { LoadView } from './LoadView.js';
import { MeetingView } from './MeetingView.js';
import { PlanView } from './PlanView.js';
import { MonitoringView } from './MonitoringView.js';
import { JournalView } from './JournalView.js';
import { RehearsalView } from './RehearsalView.js';
import { ReportsView } from './ReportsView.js';
import { SecurityView } from './SecurityView.js';

export const VIEWS: Record<ViewId, ComponentType> = {
  board: BoardView,
  meeting: MeetingView,
  health: HealthView,
  load: LoadView,
  monitoring: MonitoringView,
  security: SecurityView,
  alerts: AlertsView,
  actions: ActionsView,
  drills: DrillsView,
  plan: PlanView,
  reports: ReportsView,
  log: JournalView,
  rehearsal: RehearsalView,
};
