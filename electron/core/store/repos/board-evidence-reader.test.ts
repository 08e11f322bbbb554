import { describe, expect, it } from 'vitest';
import { HOT_QUERIES } from './board-evidence-reader.js';
import { HOT_QUERIES as SESSION_QUERIES } from './core-sessions-repo.js';
import { freshDb, queryPlan } from '../testing/query-plan.js';



describe('board evidence queries', () => {
  it('each reads through an index, never the whole table', () => {
    const db = freshDb();
    for (const sql of [...Object.values(HOT_QUERIES), ...Object.values(SESSION_QUERIES)]) {
      const detail = queryPlan(db, sql);
      expect(detail, sql).toMatch(/^SEARCH \w+ USING (COVERING )?INDEX/m);
      expect(detail, sql).not.toMatch(/^SCAN /m);
    }
  });

  it('reads one environment’s probe evidence and sessions as one index range, the environment first', () => {
    const db = freshDb();
    expect(queryPlan(db, HOT_QUERIES.lastResultAt)).toMatch(/USING COVERING INDEX probe_results_env_service_at \(environment=\? AND service=\? AND at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.statusAt)).toMatch(/USING INDEX health_transitions_latest \(environment=\? AND service=\? AND probe_id=\? AND at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.statusChanges)).toMatch(/USING INDEX health_transitions_env_service_at \(environment=\? AND service=\? AND at>\? AND at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.sessions)).toMatch(/USING INDEX core_sessions_env_started_at \(environment=\? AND started_at<\?\)/);
    expect(queryPlan(db, SESSION_QUERIES.overlapping)).toMatch(/USING INDEX core_sessions_env_started_at \(environment=\? AND started_at<\?\)/);
    for (const sql of [HOT_QUERIES.lastResultAt, HOT_QUERIES.statusAt, HOT_QUERIES.statusChanges, HOT_QUERIES.sessions, SESSION_QUERIES.overlapping]) {
      expect(queryPlan(db, sql), sql).not.toMatch(/TEMP B-TREE/);
    }
  });
});
