import type { Pool } from 'pg';
import type { AlertClaim, AlertThreadRecord, DigestRunRecord, SlackStore, WrongCauseRecord } from '../slack-types.ts';
import { normaliseTime } from '../sqlite/rows.ts';
import { inTx } from './pool.ts';

// Claims are INSERT ... ON CONFLICT DO NOTHING: a second instance inserting the same key waits on the
// unique index until the first commits, then sees the row, so exactly one of them owns the post.
export function createPgSlack(pool: Pool, clock: () => Date): SlackStore {
  const now = () => clock().toISOString();
  return {
    async saveWrongCause(f) {
      const r = await pool.query<{ id: number }>(
        `INSERT INTO slack_feedback (triage_id, fingerprint, classifier, user_id, user_name, team_id, channel_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
        [f.triageId, f.fingerprint, f.classifier, f.userId, f.userName, f.teamId, f.channelId, now()],
      );
      if (r.rows[0]) return { id: r.rows[0].id, duplicate: false };
      const row = await pool.query<{ id: number }>(
        'SELECT id FROM slack_feedback WHERE COALESCE(triage_id, -1) = COALESCE($1::bigint, -1) AND fingerprint = $2 AND user_id = $3',
        [f.triageId, f.fingerprint, f.userId],
      );
      return { id: row.rows[0]!.id, duplicate: true };
    },

    async listWrongCause(query = {}) {
      const r = await pool.query(
        `SELECT f.*, t.job, t.repo FROM slack_feedback f LEFT JOIN triages t ON t.id = f.triage_id
         WHERE ($1::text IS NULL OR f.created_at >= $1) AND ($2::text IS NULL OR f.created_at < $2) ORDER BY f.created_at, f.id`,
        [query.since ? normaliseTime(query.since) : null, query.until ? normaliseTime(query.until) : null],
      );
      return r.rows.map(
        (row): WrongCauseRecord => ({
          id: row.id,
          triageId: row.triage_id,
          fingerprint: row.fingerprint,
          classifier: row.classifier,
          userId: row.user_id,
          userName: row.user_name,
          teamId: row.team_id,
          channelId: row.channel_id,
          createdAt: row.created_at,
          job: row.job,
          repo: row.repo,
        }),
      );
    },

    claimAlert: (req) =>
      inTx(pool, async (c): Promise<AlertClaim> => {
        const at = now();
        const run = await c.query(
          'INSERT INTO slack_alert_runs (channel, job, build_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [req.channel, req.job, req.buildId, at],
        );
        if (run.rowCount === 0) return { kind: 'duplicate' };
        const key = [req.channel, req.job, req.fingerprint];
        const inserted = await c.query(
          `INSERT INTO slack_alert_threads (channel, job, fingerprint, ts, owner, occurrences, claimed_at, updated_at)
           VALUES ($1, $2, $3, NULL, $4, 1, $5, $5) ON CONFLICT DO NOTHING`,
          [...key, req.owner, at],
        );
        if (inserted.rowCount) return { kind: 'parent' };
        const row = (
          await c.query<{ ts: string | null; claimed_at: string }>(
            'SELECT ts, claimed_at FROM slack_alert_threads WHERE channel = $1 AND job = $2 AND fingerprint = $3 FOR UPDATE',
            key,
          )
        ).rows[0]!;
        if (row.ts !== null) {
          await c.query(
            'UPDATE slack_alert_threads SET occurrences = occurrences + 1, updated_at = $4 WHERE channel = $1 AND job = $2 AND fingerprint = $3',
            [...key, at],
          );
          return { kind: 'reply', ts: row.ts };
        }
        if (Date.parse(row.claimed_at) <= clock().getTime() - req.staleMs) {
          await c.query(
            'UPDATE slack_alert_threads SET owner = $4, claimed_at = $5, updated_at = $5 WHERE channel = $1 AND job = $2 AND fingerprint = $3',
            [...key, req.owner, at],
          );
          return { kind: 'parent' };
        }
        await c.query('DELETE FROM slack_alert_runs WHERE channel = $1 AND job = $2 AND build_id = $3', [
          req.channel,
          req.job,
          req.buildId,
        ]);
        return { kind: 'pending' };
      }),

    async completeAlertParent(key, owner, ts) {
      await pool.query(
        'UPDATE slack_alert_threads SET ts = $1, updated_at = $2 WHERE channel = $3 AND job = $4 AND fingerprint = $5 AND owner = $6 AND ts IS NULL',
        [ts, now(), key.channel, key.job, key.fingerprint, owner],
      );
    },

    releaseAlert: (req) =>
      inTx(pool, async (c) => {
        const key = [req.channel, req.job, req.fingerprint];
        await c.query('DELETE FROM slack_alert_runs WHERE channel = $1 AND job = $2 AND build_id = $3', [
          req.channel,
          req.job,
          req.buildId,
        ]);
        await c.query(
          'DELETE FROM slack_alert_threads WHERE channel = $1 AND job = $2 AND fingerprint = $3 AND owner = $4 AND ts IS NULL',
          [...key, req.owner],
        );
        await c.query(
          'UPDATE slack_alert_threads SET occurrences = GREATEST(occurrences - 1, 0) WHERE channel = $1 AND job = $2 AND fingerprint = $3 AND ts IS NOT NULL',
          key,
        );
      }),

    async listAlertThreads() {
      const r = await pool.query('SELECT * FROM slack_alert_threads ORDER BY claimed_at, channel, job');
      return r.rows.map(
        (row): AlertThreadRecord => ({
          channel: row.channel,
          job: row.job,
          fingerprint: row.fingerprint,
          ts: row.ts,
          owner: row.owner,
          occurrences: row.occurrences,
          claimedAt: row.claimed_at,
          updatedAt: row.updated_at,
        }),
      );
    },

    async claimDigestRun(d) {
      const at = now();
      const r = await pool.query(
        `INSERT INTO slack_digest_runs (scope, period_start, period_end, status, owner, file_id, error, claimed_at, updated_at)
         VALUES ($1, $2, $3, 'claimed', $4, NULL, NULL, $5, $5) ON CONFLICT DO NOTHING`,
        [d.scope, normaliseTime(d.periodStart), normaliseTime(d.periodEnd), d.owner, at],
      );
      return (r.rowCount ?? 0) > 0;
    },

    async finishDigestRun(key, result) {
      await pool.query(
        'UPDATE slack_digest_runs SET status = $1, file_id = $2, error = $3, updated_at = $4 WHERE scope = $5 AND period_start = $6',
        [result.status, result.fileId ?? null, result.error ?? null, now(), key.scope, normaliseTime(key.periodStart)],
      );
    },

    async listDigestRuns(scope) {
      const r = await pool.query(
        'SELECT * FROM slack_digest_runs WHERE ($1::text IS NULL OR scope = $1) ORDER BY period_start, scope',
        [scope ?? null],
      );
      return r.rows.map(
        (row): DigestRunRecord => ({
          scope: row.scope,
          periodStart: row.period_start,
          periodEnd: row.period_end,
          status: row.status,
          owner: row.owner,
          fileId: row.file_id,
          error: row.error,
          claimedAt: row.claimed_at,
          updatedAt: row.updated_at,
        }),
      );
    },

    async firstSeenFingerprints(fingerprints) {
      const r = await pool.query<{ fingerprint: string; first: string }>(
        `SELECT f.fingerprint AS fingerprint, MIN(COALESCE(t.started_at, t.created_at)) AS first
         FROM triage_findings f JOIN triages t ON t.id = f.triage_id WHERE f.fingerprint = ANY($1::text[]) GROUP BY f.fingerprint`,
        [[...new Set(fingerprints)]],
      );
      const out: Record<string, string> = {};
      for (const row of r.rows) out[row.fingerprint] = normaliseTime(row.first);
      return out;
    },
  };
}
