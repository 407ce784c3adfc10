import type { DatabaseSync } from 'node:sqlite';
import type {
  AlertClaim,
  AlertThreadRecord,
  DigestRunRecord,
  DigestRunStatus,
  SlackStore,
  WrongCauseRecord,
} from '../slack-types.ts';
import { inTransaction } from './database.ts';
import { normaliseTime } from './rows.ts';

interface FeedbackRow {
  id: number;
  triage_id: number | null;
  fingerprint: string;
  classifier: string;
  user_id: string;
  user_name: string | null;
  team_id: string | null;
  channel_id: string | null;
  created_at: string;
  job: string | null;
  repo: string | null;
}

interface ThreadRow {
  channel: string;
  job: string;
  fingerprint: string;
  ts: string | null;
  owner: string;
  occurrences: number;
  claimed_at: string;
  updated_at: string;
}

interface DigestRow {
  scope: string;
  period_start: string;
  period_end: string;
  status: DigestRunStatus;
  owner: string;
  file_id: string | null;
  error: string | null;
  claimed_at: string;
  updated_at: string;
}

// SQLite caps bound parameters (32766 by default); chunks stay far below.
const IN_CHUNK = 500;

export function createSqliteSlack(db: DatabaseSync, clock: () => Date): SlackStore {
  const now = () => clock().toISOString();
  return {
    async saveWrongCause(f) {
      const r = db
        .prepare(
          `INSERT OR IGNORE INTO slack_feedback (triage_id, fingerprint, classifier, user_id, user_name, team_id, channel_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(f.triageId, f.fingerprint, f.classifier, f.userId, f.userName, f.teamId, f.channelId, now());
      if (Number(r.changes) > 0) return { id: Number(r.lastInsertRowid), duplicate: false };
      const row = db
        .prepare(
          'SELECT id FROM slack_feedback WHERE IFNULL(triage_id, -1) = IFNULL(?, -1) AND fingerprint = ? AND user_id = ?',
        )
        .get(f.triageId, f.fingerprint, f.userId) as { id: number };
      return { id: row.id, duplicate: true };
    },

    async listWrongCause(query = {}) {
      const since = query.since ? normaliseTime(query.since) : null;
      const until = query.until ? normaliseTime(query.until) : null;
      const rows = db
        .prepare(
          `SELECT f.*, t.job, t.repo FROM slack_feedback f LEFT JOIN triages t ON t.id = f.triage_id
           WHERE (? IS NULL OR f.created_at >= ?) AND (? IS NULL OR f.created_at < ?) ORDER BY f.created_at, f.id`,
        )
        .all(since, since, until, until) as unknown as FeedbackRow[];
      return rows.map(toFeedback);
    },

    async claimAlert(req) {
      return inTransaction(db, (): AlertClaim => {
        const at = now();
        const run = db
          .prepare('INSERT OR IGNORE INTO slack_alert_runs (channel, job, build_id, created_at) VALUES (?, ?, ?, ?)')
          .run(req.channel, req.job, req.buildId, at);
        if (Number(run.changes) === 0) return { kind: 'duplicate' };
        const key = [req.channel, req.job, req.fingerprint] as const;
        const inserted = db
          .prepare(
            'INSERT OR IGNORE INTO slack_alert_threads (channel, job, fingerprint, ts, owner, occurrences, claimed_at, updated_at) VALUES (?, ?, ?, NULL, ?, 1, ?, ?)',
          )
          .run(...key, req.owner, at, at);
        if (Number(inserted.changes) > 0) return { kind: 'parent' };
        const row = db
          .prepare('SELECT * FROM slack_alert_threads WHERE channel = ? AND job = ? AND fingerprint = ?')
          .get(...key) as unknown as ThreadRow;
        if (row.ts !== null) {
          db.prepare(
            'UPDATE slack_alert_threads SET occurrences = occurrences + 1, updated_at = ? WHERE channel = ? AND job = ? AND fingerprint = ?',
          ).run(at, ...key);
          return { kind: 'reply', ts: row.ts };
        }
        if (Date.parse(row.claimed_at) <= clock().getTime() - req.staleMs) {
          db.prepare(
            'UPDATE slack_alert_threads SET owner = ?, claimed_at = ?, updated_at = ? WHERE channel = ? AND job = ? AND fingerprint = ?',
          ).run(req.owner, at, at, ...key);
          return { kind: 'parent' };
        }
        // Someone else is posting the parent: forget this run so that a retry can thread it.
        db.prepare('DELETE FROM slack_alert_runs WHERE channel = ? AND job = ? AND build_id = ?').run(
          req.channel,
          req.job,
          req.buildId,
        );
        return { kind: 'pending' };
      });
    },

    async completeAlertParent(key, owner, ts) {
      db.prepare(
        'UPDATE slack_alert_threads SET ts = ?, updated_at = ? WHERE channel = ? AND job = ? AND fingerprint = ? AND owner = ? AND ts IS NULL',
      ).run(ts, now(), key.channel, key.job, key.fingerprint, owner);
    },

    async releaseAlert(req) {
      inTransaction(db, () => {
        db.prepare('DELETE FROM slack_alert_runs WHERE channel = ? AND job = ? AND build_id = ?').run(
          req.channel,
          req.job,
          req.buildId,
        );
        db.prepare(
          'DELETE FROM slack_alert_threads WHERE channel = ? AND job = ? AND fingerprint = ? AND owner = ? AND ts IS NULL',
        ).run(req.channel, req.job, req.fingerprint, req.owner);
        db.prepare(
          'UPDATE slack_alert_threads SET occurrences = MAX(occurrences - 1, 0) WHERE channel = ? AND job = ? AND fingerprint = ? AND ts IS NOT NULL',
        ).run(req.channel, req.job, req.fingerprint);
      });
    },

    async listAlertThreads() {
      const rows = db
        .prepare('SELECT * FROM slack_alert_threads ORDER BY claimed_at, channel, job')
        .all() as unknown as ThreadRow[];
      return rows.map(
        (r): AlertThreadRecord => ({
          channel: r.channel,
          job: r.job,
          fingerprint: r.fingerprint,
          ts: r.ts,
          owner: r.owner,
          occurrences: r.occurrences,
          claimedAt: r.claimed_at,
          updatedAt: r.updated_at,
        }),
      );
    },

    async claimDigestRun(d) {
      const at = now();
      const r = db
        .prepare(
          `INSERT OR IGNORE INTO slack_digest_runs (scope, period_start, period_end, status, owner, file_id, error, claimed_at, updated_at)
           VALUES (?, ?, ?, 'claimed', ?, NULL, NULL, ?, ?)`,
        )
        .run(d.scope, normaliseTime(d.periodStart), normaliseTime(d.periodEnd), d.owner, at, at);
      return Number(r.changes) > 0;
    },

    async finishDigestRun(key, result) {
      db.prepare(
        'UPDATE slack_digest_runs SET status = ?, file_id = ?, error = ?, updated_at = ? WHERE scope = ? AND period_start = ?',
      ).run(
        result.status,
        result.fileId ?? null,
        result.error ?? null,
        now(),
        key.scope,
        normaliseTime(key.periodStart),
      );
    },

    async listDigestRuns(scope) {
      const rows = db
        .prepare('SELECT * FROM slack_digest_runs WHERE (? IS NULL OR scope = ?) ORDER BY period_start, scope')
        .all(scope ?? null, scope ?? null) as unknown as DigestRow[];
      return rows.map(toDigestRun);
    },

    async firstSeenFingerprints(fingerprints) {
      const out: Record<string, string> = {};
      const unique = [...new Set(fingerprints)];
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const chunk = unique.slice(i, i + IN_CHUNK);
        // Text MIN over mixed ISO forms (with or without milliseconds) can be off by under a second: fine here.
        const rows = db
          .prepare(
            `SELECT f.fingerprint AS fingerprint, MIN(COALESCE(t.started_at, t.created_at)) AS first
             FROM triage_findings f JOIN triages t ON t.id = f.triage_id
             WHERE f.fingerprint IN (${chunk.map(() => '?').join(', ')}) GROUP BY f.fingerprint`,
          )
          .all(...chunk) as { fingerprint: string; first: string }[];
        for (const r of rows) out[r.fingerprint] = normaliseTime(r.first);
      }
      return out;
    },
  };
}

function toFeedback(r: FeedbackRow): WrongCauseRecord {
  return {
    id: r.id,
    triageId: r.triage_id,
    fingerprint: r.fingerprint,
    classifier: r.classifier,
    userId: r.user_id,
    userName: r.user_name,
    teamId: r.team_id,
    channelId: r.channel_id,
    createdAt: r.created_at,
    job: r.job,
    repo: r.repo,
  };
}

function toDigestRun(r: DigestRow): DigestRunRecord {
  return {
    scope: r.scope,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status,
    owner: r.owner,
    fileId: r.file_id,
    error: r.error,
    claimedAt: r.claimed_at,
    updatedAt: r.updated_at,
  };
}
