import type { BuildRow } from '../watch-row.ts';
import { toRecord } from '../watch-row.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { WatchHistory, WatchStore } from '../watch-types.ts';
import { inTransaction } from './database.ts';

// Build ids are decimal strings: ordering by length, then text, is numeric order.
const NEWEST_FIRST = 'LENGTH(build_id) DESC, build_id DESC';

export function createSqliteWatch(db: DatabaseSync, clock: () => Date): WatchStore {
  const now = () => clock().toISOString();
  return {
    async loadWatchHistory(target) {
      const newest = db
        .prepare(`SELECT build_id FROM watch_builds WHERE target = ? ORDER BY ${NEWEST_FIRST} LIMIT 1`)
        .get(target) as { build_id: string } | undefined;
      const rows = db
        .prepare(
          `SELECT build_id, state, first_seen_at FROM watch_builds WHERE target = ? AND state IN ('pending', 'claimed') ORDER BY LENGTH(build_id), build_id`,
        )
        .all(target) as unknown as Pick<BuildRow, 'build_id' | 'state' | 'first_seen_at'>[];
      const unsettled = rows.map((r) => ({
        buildId: r.build_id,
        state: r.state as 'pending' | 'claimed',
        firstSeenAt: r.first_seen_at,
      }));
      return { lastSeen: newest?.build_id ?? null, unsettled } satisfies WatchHistory;
    },

    async markWatchPending(key) {
      const at = now();
      db.prepare(
        "INSERT OR IGNORE INTO watch_builds (target, build_id, state, first_seen_at, updated_at) VALUES (?, ?, 'pending', ?, ?)",
      ).run(key.target, key.buildId, at, at);
    },

    async claimWatchBuild(req) {
      return inTransaction(db, () => {
        const at = now();
        const key = [req.target, req.buildId] as const;
        const inserted = db
          .prepare(
            "INSERT OR IGNORE INTO watch_builds (target, build_id, state, owner, first_seen_at, claimed_at, updated_at) VALUES (?, ?, 'claimed', ?, ?, ?, ?)",
          )
          .run(...key, req.owner, at, at, at);
        if (Number(inserted.changes) > 0) return true;
        const staleBefore = new Date(clock().getTime() - req.staleMs).toISOString();
        const taken = db
          .prepare(
            `UPDATE watch_builds SET state = 'claimed', owner = ?, claimed_at = ?, updated_at = ?
             WHERE target = ? AND build_id = ? AND (state = 'pending' OR (state = 'claimed' AND claimed_at <= ?))`,
          )
          .run(req.owner, at, at, ...key, staleBefore);
        return Number(taken.changes) > 0;
      });
    },

    async settleWatchBuild(key, update) {
      const at = now();
      db.prepare(
        `INSERT INTO watch_builds (target, build_id, state, result, error, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (target, build_id) DO UPDATE SET state = excluded.state, result = COALESCE(excluded.result, result),
           error = excluded.error, updated_at = excluded.updated_at
         -- The worker may finish the triage before the tick records that it enqueued it.
         WHERE NOT (excluded.state = 'enqueued' AND watch_builds.state IN ('triaged', 'failed'))`,
      ).run(key.target, key.buildId, update.state, update.result ?? null, update.error ?? null, at, at);
    },

    async getWatchBuild(key) {
      const row = db
        .prepare('SELECT * FROM watch_builds WHERE target = ? AND build_id = ?')
        .get(key.target, key.buildId) as unknown as BuildRow | undefined;
      return row ? toRecord(row) : null;
    },

    async listWatchBuilds(target) {
      const rows = db
        .prepare(
          'SELECT * FROM watch_builds WHERE (? IS NULL OR target = ?) ORDER BY target, LENGTH(build_id), build_id',
        )
        .all(target ?? null, target ?? null) as unknown as BuildRow[];
      return rows.map(toRecord);
    },
  };
}

/** Settled rows older than `before`, except each target's newest (it marks where the next tick starts). */
export function pruneWatchBuilds(db: DatabaseSync, before: string): number {
  const r = db
    .prepare(
      `DELETE FROM watch_builds AS w WHERE w.updated_at < ? AND w.state NOT IN ('pending', 'claimed', 'enqueued')
       AND EXISTS (SELECT 1 FROM watch_builds n WHERE n.target = w.target
         AND (LENGTH(n.build_id) > LENGTH(w.build_id) OR (LENGTH(n.build_id) = LENGTH(w.build_id) AND n.build_id > w.build_id)))`,
    )
    .run(before);
  return Number(r.changes);
}
