import type { BuildRow } from '../watch-row.ts';
import { toRecord } from '../watch-row.ts';
import type { Pool } from 'pg';
import type { WatchStore } from '../watch-types.ts';

// Build ids are decimal strings: ordering by length, then text, is numeric order. COLLATE "C" so text
// order is byte order, as in SQLite.
const OLDEST_FIRST = 'LENGTH(build_id), build_id COLLATE "C"';

export function createPgWatch(pool: Pool, clock: () => Date): WatchStore {
  const now = () => clock().toISOString();
  return {
    async loadWatchHistory(target) {
      const newest = await pool.query<{ build_id: string }>(
        'SELECT build_id FROM watch_builds WHERE target = $1 ORDER BY LENGTH(build_id) DESC, build_id COLLATE "C" DESC LIMIT 1',
        [target],
      );
      const rows = await pool.query<BuildRow>(
        `SELECT build_id, state, first_seen_at FROM watch_builds WHERE target = $1 AND state IN ('pending', 'claimed') ORDER BY ${OLDEST_FIRST}`,
        [target],
      );
      return {
        lastSeen: newest.rows[0]?.build_id ?? null,
        unsettled: rows.rows.map((r) => ({
          buildId: r.build_id,
          state: r.state as 'pending' | 'claimed',
          firstSeenAt: r.first_seen_at,
        })),
      };
    },

    async markWatchPending(key) {
      const at = now();
      await pool.query(
        "INSERT INTO watch_builds (target, build_id, state, first_seen_at, updated_at) VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT DO NOTHING",
        [key.target, key.buildId, at],
      );
    },

    async claimWatchBuild(req) {
      const at = now();
      const staleBefore = new Date(clock().getTime() - req.staleMs).toISOString();
      // One statement: insert, or take over a pending or stale claim; the row lock decides between racers.
      const r = await pool.query(
        `INSERT INTO watch_builds (target, build_id, state, owner, first_seen_at, claimed_at, updated_at)
         VALUES ($1, $2, 'claimed', $3, $4, $4, $4)
         ON CONFLICT (target, build_id) DO UPDATE SET state = 'claimed', owner = excluded.owner, claimed_at = excluded.claimed_at,
           updated_at = excluded.updated_at
         WHERE watch_builds.state = 'pending' OR (watch_builds.state = 'claimed' AND watch_builds.claimed_at <= $5)`,
        [req.target, req.buildId, req.owner, at, staleBefore],
      );
      return (r.rowCount ?? 0) > 0;
    },

    async settleWatchBuild(key, update) {
      const at = now();
      await pool.query(
        `INSERT INTO watch_builds (target, build_id, state, result, error, first_seen_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (target, build_id) DO UPDATE SET state = excluded.state, result = COALESCE(excluded.result, watch_builds.result),
           error = excluded.error, updated_at = excluded.updated_at
         WHERE NOT (excluded.state = 'enqueued' AND watch_builds.state IN ('triaged', 'failed'))`,
        [key.target, key.buildId, update.state, update.result ?? null, update.error ?? null, at],
      );
    },

    async getWatchBuild(key) {
      const r = await pool.query<BuildRow>('SELECT * FROM watch_builds WHERE target = $1 AND build_id = $2', [
        key.target,
        key.buildId,
      ]);
      return r.rows[0] ? toRecord(r.rows[0]) : null;
    },

    async listWatchBuilds(target) {
      const r = await pool.query<BuildRow>(
        `SELECT * FROM watch_builds WHERE ($1::text IS NULL OR target = $1) ORDER BY target COLLATE "C", ${OLDEST_FIRST}`,
        [target ?? null],
      );
      return r.rows.map(toRecord);
    },
  };
}

/** Settled rows older than `before`, except each target's newest (it marks where the next tick starts). */
export async function pruneWatchBuildsPg(pool: Pool, before: string): Promise<number> {
  const r = await pool.query(
    `DELETE FROM watch_builds AS w WHERE w.updated_at < $1 AND w.state NOT IN ('pending', 'claimed', 'enqueued')
     AND EXISTS (SELECT 1 FROM watch_builds n WHERE n.target = w.target
       AND (LENGTH(n.build_id) > LENGTH(w.build_id) OR (LENGTH(n.build_id) = LENGTH(w.build_id) AND n.build_id COLLATE "C" > w.build_id COLLATE "C")))`,
    [before],
  );
  return r.rowCount ?? 0;
}
