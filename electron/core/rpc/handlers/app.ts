import { CONTRACT_VERSION } from '../../../../shared/contract/index.js';
import type { AppInfo, ConfigSummary, Heartbeat } from '../../../../shared/domain/app.js';
import type { RehearsalState } from '../../../../shared/domain/rehearsal.js';
import type { HealthOverview, RecentHealth, StandingNotification } from '../../../../shared/domain/probes.js';
import type { ActionsOverview } from '../../../../shared/domain/actions.js';
import type { LoadOverview } from '../../../../shared/domain/load-runs.js';
import type { LoadSuitesOverview } from '../../../../shared/domain/load-suites.js';
import type { CoreProblem } from '../../../../shared/domain/problems.js';
import type { BoardEvaluation } from '../../../../shared/domain/board.js';
import type { EventBus } from '../../bus.js';
import type { JournalService } from '../../journal/journal-service.js';
import type { Handlers } from '../router.js';

export function appHandlers(deps: {
  info: AppInfo;
  summary: ConfigSummary;
  bus: EventBus;
  journal: JournalService;
  heartbeat: () => Heartbeat | null;
  rehearsal: () => RehearsalState;
  health: () => HealthOverview;
  notifications: () => StandingNotification[];
  recent: () => RecentHealth;
  actions: () => ActionsOverview;
  load: () => LoadOverview;
  loadSuites: () => LoadSuitesOverview;
  problems: () => CoreProblem[];
  board: () => BoardEvaluation;
}): Pick<Handlers, 'app.hello' | 'app.info' | 'app.snapshot' | 'config.summary'> {
  return {
    'app.hello': function handleAppHello(_input, ctx) {
      return { contractVersion: CONTRACT_VERSION, appVersion: deps.info.version, role: ctx.role };
    },
    'app.info': function handleAppInfo() {
      return deps.info;
    },
    'app.snapshot': function handleAppSnapshot() {
      // The core is single-threaded: nothing is emitted between reading lastSeq and the state.
      return {
        lastSeq: deps.bus.lastSeq(),
        info: deps.info,
        config: deps.summary,
        journal: deps.journal.list({ limit: 200 }),
        heartbeat: deps.heartbeat(),
        rehearsal: deps.rehearsal(),
        health: deps.health(),
        notifications: deps.notifications(),
        recent: deps.recent(),
        actions: deps.actions(),
        load: deps.load(),
        loadSuites: deps.loadSuites(),
        problems: deps.problems(),
        board: deps.board(),
      };
    },
    'config.summary': function handleConfigSummary() {
      return deps.summary;
    },
  };
}
