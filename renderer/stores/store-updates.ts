/** Module-level store updates (zustand's "no store actions" pattern): plain functions over setState that apply the snapshot, events and call answers. */
import type { CommandOutput, WireEvent } from '../../shared/contract/index.js';
import type { ActionRun, RunbookView } from '../../shared/domain/actions.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { DecisionRecord, Poll } from '../../shared/domain/meeting.js';
import type { HealthOverview, RecentHealth, ServiceHealth } from '../../shared/domain/probes.js';
import type { RehearsalState } from '../../shared/domain/rehearsal.js';
import type { DrillRun, DrillsOverview } from '../../shared/domain/drills.js';
import type { AppStore } from './store.js';
import { useAppStore } from './store.js';
import { actionsFromOverview, isFinal, replaceRunbook, upsertRun, upsertRuns } from './slices/actions.js';
import { patchConnection } from './slices/connection.js';
import { drillsFromOverview, upsertDrillRun } from './slices/drills.js';
import type { ConnectionInfo } from './slices/connection.js';
import { healthFromOverview, mergeHealth } from './slices/health.js';
import { mergeJournal } from './slices/journal.js';
import { loadFromSnapshot, loadRunChanged, loadTicked } from './slices/load.js';
import { decisionRecorded, pollChanged } from './slices/meeting.js';
import { addNotification, notificationsAfterSnapshot, rememberDismissed } from './slices/notifications.js';
import { appendResults, recentFromSnapshot } from './slices/recent.js';
import { scanOutputSeen, scanRunSeen, securityChanged } from './slices/security.js';
import { alertsChanged } from './slices/alerts.js';
import { appendOutput, emptyLog, evictLogs, logFromText } from './slices/run-logs.js';
import type { RunLog } from './slices/run-logs.js';
import { tickerAfterEvent, tickerAfterSnapshot } from './slices/ticker.js';
import type { ViewId } from './slices/ui.js';
import type { MonitoringOverview, MonitoringStatus } from '../../shared/domain/monitoring.js';
import { newerOverview } from './slices/monitoring.js';

export type Snapshot = CommandOutput<'app.snapshot'>;

/** Replaces everything the snapshot covers; the snapshot is the truth as of its lastSeq. */
export function applySnapshot(snapshot: Snapshot, store: AppStore = useAppStore): void {
  store.setState((state) => ({
    config: snapshot.config,
    info: snapshot.info,
    journal: mergeJournal([], snapshot.journal),
    heartbeat: snapshot.heartbeat,
    rehearsal: snapshot.rehearsal,
    rehearsalRev: state.rehearsalRev + 1,
    health: healthFromOverview(snapshot.health),
    healthRev: state.healthRev + 1,
    notifications: notificationsAfterSnapshot(state.notifications, snapshot.notifications, state.dismissedNotifications),
    recent: recentFromSnapshot(snapshot.recent),
    actions: actionsFromOverview(state.actions, snapshot.actions),
    runLogs: markLogsPartial(state.runLogs),
    actionsRev: state.actionsRev + 1,
    ...loadFromSnapshot(state, snapshot.load),
    loadSuites: snapshot.loadSuites,
    problems: snapshot.problems,
    board: snapshot.board,
    ticker: tickerAfterSnapshot(state.ticker, snapshot, state),
    // The snapshot does not carry the register; security.changed events may have been missed.
    securityRev: state.securityRev + 1,
    // Nor the alerts: useAlertsLoader reads them again.
    alertsRev: state.alertsRev + 1,
    planRev: state.planRev + 1,
    reportsRev: state.reportsRev + 1,
  }));
}

/** After a (re)sync, output sent while the stream was down is missing: loaded again when shown. */
function markLogsPartial(logs: Record<number, RunLog>): Record<number, RunLog> {
  const entries = Object.entries(logs);
  if (entries.every(([, log]) => log.source === 'stored')) return logs;
  return Object.fromEntries(entries.map(([id, log]) => [id, log.source === 'stored' ? log : { ...log, partial: true }]));
}

/** Logs after a run changed: a new run is followed from its start; one whose live buffer we loaded gets its stored output once it ends. */
function logsForRun(logs: Record<number, RunLog>, run: ActionRun, known: boolean, openRunId: number | null): Record<number, RunLog> {
  const log = logs[run.id];
  if (!known && !log && !isFinal(run.state)) return evictLogs({ ...logs, [run.id]: emptyLog('events', false) }, keepLogs(run.id, openRunId));
  if (log && log.source === 'live' && isFinal(run.state) && !log.partial) return { ...logs, [run.id]: { ...log, partial: true } };
  return logs;
}

const keepLogs = (runId: number, openRunId: number | null) => new Set(openRunId === null ? [runId] : [runId, openRunId]);

/** Folds one event into the slices; every event name is handled here. */
export function applyEvent(event: WireEvent, store: AppStore = useAppStore): void {
  // The wall's ticker compares with the state before the event (was it up? was it GO?).
  const before = store.getState();
  const ticker = tickerAfterEvent(before.ticker, event, before);
  if (ticker !== before.ticker) store.setState({ ticker });
  switch (event.name) {
    case 'core.heartbeat':
      // Live heartbeats only: the snapshot's is the latest one, up to an interval old.
      store.setState({ heartbeat: event.payload, serverOffsetMs: event.payload.at - Date.now() });
      return;
    case 'core.problems':
      store.setState({ problems: event.payload.problems });
      return;
    case 'journal.added':
      addJournalEntries([event.payload], store);
      return;
    case 'rehearsal.changed':
      store.setState((state) => ({ rehearsal: event.payload, rehearsalRev: state.rehearsalRev + 1 }));
      return;
    case 'health.changed':
      store.setState((state) => ({
        health: mergeHealth(state.health, event.payload.services, event.payload.paused),
        healthRev: state.healthRev + 1,
      }));
      return;
    case 'probe.results':
      store.setState((state) => ({ recent: appendResults(state.recent, event.payload.results) }));
      return;
    case 'health.notification':
      store.setState((state) => ({ notifications: addNotification(state.notifications, { ...event.payload, id: event.seq }) }));
      return;
    // action.ended carries the final record, usually already seen as action.changed: same update.
    case 'action.changed':
    case 'action.ended': {
      const run = event.payload;
      store.setState((state) => ({
        actions: upsertRun(state.actions, run, 'event'),
        runLogs: logsForRun(state.runLogs, run, run.id in state.actions.runs, state.openRunId),
        actionsRev: state.actionsRev + 1,
      }));
      return;
    }
    case 'action.output': {
      const { runId, stream, text } = event.payload;
      store.setState((state) => ({
        runLogs: evictLogs({ ...state.runLogs, [runId]: appendOutput(state.runLogs[runId], stream, text) }, keepLogs(runId, state.openRunId)),
      }));
      return;
    }
    case 'runbook.changed':
      store.setState((state) => ({ actions: replaceRunbook(state.actions, event.payload), actionsRev: state.actionsRev + 1 }));
      return;
    case 'load.changed':
      store.setState((state) => loadRunChanged(state, event.payload));
      return;
    case 'load.tick':
      store.setState((state) => loadTicked(state, event.payload.runId, event.payload.tick));
      return;
    case 'load.suitesChanged':
      store.setState({ loadSuites: event.payload });
      return;
    case 'board.changed':
      store.setState({ board: event.payload });
      return;
    case 'security.changed':
      store.setState((state) => securityChanged(state, event.payload));
      return;
    case 'drills.step':
      store.setState((state) => ({ drills: upsertDrillRun(state.drills, event.payload.run) }));
      return;
    case 'drills.ended':
      store.setState((state) => ({ drills: upsertDrillRun(state.drills, event.payload) }));
      return;
    case 'meeting.changed':
      store.setState((state) => ({ meeting: pollChanged(state.meeting, event.payload) }));
      return;
    case 'decision.recorded':
      store.setState((state) => ({ meeting: decisionRecorded(state.meeting, event.payload) }));
      return;
    case 'alerts.changed':
      store.setState((state) => alertsChanged(state, event.payload));
      return;
    case 'plan.changed':
      store.setState((state) => ({ planRev: state.planRev + 1 }));
      return;
    case 'security.scanChanged':
    case 'security.scanEnded':
      store.setState((state) => scanRunSeen(state, event.payload, 'event'));
      return;
    case 'security.scanOutput':
      store.setState((state) => scanOutputSeen(state, event.payload));
      return;
    case 'monitoring.tiles':
      applyMonitoringOverview(event.payload, store);
      return;
    case 'monitoring.checked':
      applyMonitoringStatus(event.payload, store);
      return;
    case 'standup.added':
    case 'report.changed':
      // The Reports view loads notes and reports again when this is newer than what it holds.
      store.setState((state) => ({ reportsRev: state.reportsRev + 1 }));
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Adds entries (from an event or a journal.add answer); duplicates by id are merged. */
export function addJournalEntries(entries: readonly JournalEntry[], store: AppStore = useAppStore): void {
  store.setState((state) => ({ journal: mergeJournal(state.journal, entries) }));
}

/**
 * Shows the state a rehearsal.* call answered with, unless a rehearsal.changed event arrived since
 * the call began (`revAtCall`): that event may describe a later change, and the core emits one for
 * this change too, so nothing is lost by skipping the answer.
 */
export function applyRehearsalAnswer(answer: RehearsalState, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.rehearsalRev === revAtCall ? { rehearsal: answer } : {}));
}

/** Shows the overview a health.* call answered with, unless a health.changed arrived since the call began (see applyRehearsalAnswer). */
export function applyHealthAnswer(answer: HealthOverview, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.healthRev === revAtCall ? { health: healthFromOverview(answer) } : {}));
}

/** Shows one service's health a call answered with (health.mute), under the same rule. */
export function applyServiceHealthAnswer(answer: ServiceHealth, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.healthRev === revAtCall ? { health: mergeHealth(state.health, [answer], state.health.paused) } : {}));
}

/** Takes fresh uptime figures (health.recent); the sparklines keep following probe.results. */
export function applyRecentUptime(recent: RecentHealth, store: AppStore = useAppStore): void {
  store.setState((state) => ({ recent: { ...state.recent, uptimeWindowMs: recent.uptimeWindowMs, uptime: { ...recent.uptime } } }));
}

export function dismissNotification(id: number, store: AppStore = useAppStore): void {
  store.setState((state) => ({
    notifications: state.notifications.filter((n) => n.id !== id),
    dismissedNotifications: rememberDismissed(state.dismissedNotifications, id),
  }));
}

export function updateConnection(patch: Partial<ConnectionInfo>, store: AppStore = useAppStore): void {
  store.setState((state) => patchConnection(state, patch));
}

export function showView(view: ViewId, store: AppStore = useAppStore): void {
  if (store.getState().ui.view !== view) store.setState({ ui: { view } });
}

/** A run a call answered with (actions.start, approve, cancel), unless events already told more. */
export function applyRunAnswer(run: ActionRun, store: AppStore = useAppStore): void {
  store.setState((state) => ({
    actions: upsertRun(state.actions, run, 'answer'),
    runLogs: logsForRun(state.runLogs, run, run.id in state.actions.runs, state.openRunId),
  }));
}

/** Older runs (actions.runs); runs already held are newer or equal and stay. */
export function addRuns(runs: readonly ActionRun[], store: AppStore = useAppStore): void {
  store.setState((state) => ({ actions: upsertRuns(state.actions, runs) }));
}

/**
 * The output a run had when actions.output answered: the stored text once it ended, the live
 * buffer while it runs (then output events continue it, and the stored text replaces it at the end).
 */
export function applyRunOutput(runId: number, text: string, store: AppStore = useAppStore): void {
  store.setState((state) => {
    const run = state.actions.runs[runId];
    const ended = run ? isFinal(run.state) : true;
    const log = logFromText(text, ended ? 'stored' : 'live');
    return { runLogs: evictLogs({ ...state.runLogs, [runId]: log }, keepLogs(runId, state.openRunId)) };
  });
}

/** Opens a run's panel (null: follow the newest). */
export function openRun(runId: number | null, store: AppStore = useAppStore): void {
  store.setState({ openRunId: runId });
}

/** A runbook a runbooks.markStep call answered with, unless an action or runbook event arrived since the call began. */
export function applyRunbookAnswer(runbook: RunbookView, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.actionsRev === revAtCall ? { actions: replaceRunbook(state.actions, runbook) } : {}));
}

/** What drills.list answered: the config's drills, the run going on and recent runs. */
export function applyDrillsOverview(overview: DrillsOverview, store: AppStore = useAppStore): void {
  store.setState((state) => ({ drills: drillsFromOverview(state.drills, overview) }));
}

/** A drill run a call answered with (drills.start, cancel, confirmStep, getRun). */
export function applyDrillRun(run: DrillRun, store: AppStore = useAppStore): void {
  store.setState((state) => ({ drills: upsertDrillRun(state.drills, run) }));
}

/** What meeting.get and decision.get answered: the meeting as of now. */
export function meetingLoaded(
  answer: { roles: string[]; poll: Poll | null },
  decision: DecisionRecord | null,
  store: AppStore = useAppStore,
): void {
  store.setState((state) => {
    const withPoll = answer.poll ? pollChanged(state.meeting, answer.poll) : state.meeting;
    const withDecision = decision ? decisionRecorded(withPoll, decision) : withPoll;
    return { meeting: { ...withDecision, roles: answer.roles, loaded: true } };
  });
}

/** A poll or decision a call answered (the event for it merges the same way). */
export function meetingAnswered(answer: { poll?: Poll; decision?: DecisionRecord }, store: AppStore = useAppStore): void {
  store.setState((state) => {
    const withPoll = answer.poll ? pollChanged(state.meeting, answer.poll) : state.meeting;
    return { meeting: answer.decision ? decisionRecorded(withPoll, answer.decision) : withPoll };
  });
}

/** Tile readings from monitoring.get or a monitoring.tiles event. */
export function applyMonitoringOverview(overview: MonitoringOverview, store: AppStore = useAppStore): void {
  store.setState((state) => ({ monitoring: { ...state.monitoring, overview: newerOverview(state.monitoring.overview, overview) } }));
}

/** The monitoring check from monitoring.getStatus or a monitoring.checked event (the newer wins). */
export function applyMonitoringStatus(status: MonitoringStatus | null, store: AppStore = useAppStore): void {
  if (!status) return;
  store.setState((state) => (state.monitoring.status && state.monitoring.status.at > status.at ? state : { monitoring: { ...state.monitoring, status } }));
}
