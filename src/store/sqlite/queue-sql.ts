import type { JobRow } from '../queue-row.ts';
import { toJob } from '../queue-row.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { ClaimRequest, EnqueueRequest, EnqueueResult, NewQueueJob, QueueJob, QueueStore } from '../types.ts';
import { inTransaction } from './database.ts';

const DEFAULT_MAX_ATTEMPTS = 5;

export function createSqliteQueue(db: DatabaseSync): QueueStore {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async enqueue(req) {
      return inTransaction(db, () => enqueueLocked(db, req));
    },
    async claimJobs(req) {
      return inTransaction(db, () => claimLocked(db, req));
    },
    async extendLease(id, owner, leaseUntil) {
      const r = db
        .prepare("UPDATE queue_jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running'")
        .run(leaseUntil, id, owner);
      return Number(r.changes) > 0;
    },
    async completeJob(id, owner, now) {
      db.prepare(
        "UPDATE queue_jobs SET status = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
      ).run(iso(now), id, owner);
    },
    async retryJob(id, owner, error, runAfter, now) {
      db.prepare(
        "UPDATE queue_jobs SET status = 'queued', run_after = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
      ).run(runAfter, error, iso(now), id, owner);
    },
    async failJob(id, owner, error, now) {
      db.prepare(
        "UPDATE queue_jobs SET status = 'failed', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
      ).run(error, iso(now), id, owner);
    },
    async getJob(id) {
      const row = db.prepare('SELECT * FROM queue_jobs WHERE id = ?').get(id) as JobRow | undefined;
      return row ? toJob(row) : null;
    },
    async listJobs(filter = {}) {
      const rows = db
        .prepare('SELECT * FROM queue_jobs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR kind = ?) ORDER BY id')
        .all(
          filter.status ?? null,
          filter.status ?? null,
          filter.kind ?? null,
          filter.kind ?? null,
        ) as unknown as JobRow[];
      return rows.map(toJob);
    },
    async nextRunAfter() {
      const row = db
        .prepare(
          "SELECT MIN(CASE WHEN status = 'queued' THEN run_after ELSE lease_until END) AS t FROM queue_jobs WHERE status IN ('queued', 'running')",
        )
        .get() as { t: number | null } | undefined;
      return row?.t ?? null;
    },
    async queueStats(now) {
      // Every kind the table holds (0 when none waits), in one pass: one instance, finished rows pruned.
      const rows = db
        .prepare(
          "SELECT kind, SUM(status = 'queued') AS depth, MIN(CASE WHEN status = 'queued' THEN created_at END) AS oldest FROM queue_jobs GROUP BY kind ORDER BY kind",
        )
        .all() as { kind: string; depth: number; oldest: string | null }[];
      return rows.map((r) => ({
        kind: r.kind,
        depth: Number(r.depth),
        oldestAgeSeconds: r.oldest ? Math.max(0, (now - Date.parse(r.oldest)) / 1000) : 0,
      }));
    },
  };
}

function enqueueLocked(db: DatabaseSync, req: EnqueueRequest): EnqueueResult {
  const now = new Date(req.now).toISOString();
  if (req.delivery) {
    const seen = db
      .prepare('INSERT OR IGNORE INTO webhook_deliveries (id, event, received_at) VALUES (?, ?, ?)')
      .run(req.delivery.id, req.delivery.event, now);
    if (Number(seen.changes) === 0) return { duplicateDelivery: true, enqueued: [], skipped: req.jobs.length };
  }
  const enqueued: string[] = [];
  let skipped = 0;
  for (const job of req.jobs) {
    if (isDuplicate(db, job, now)) {
      skipped++;
      continue;
    }
    const r = db
      .prepare(
        "INSERT INTO queue_jobs (kind, payload_json, delivery_id, group_key, status, attempts, max_attempts, run_after, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
      )
      .run(
        job.kind,
        JSON.stringify(job.payload),
        req.delivery?.id ?? req.fromDelivery ?? null,
        job.groupKey ?? null,
        job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        job.runAfter ?? req.now,
        now,
        now,
      );
    enqueued.push(String(r.lastInsertRowid));
  }
  return { duplicateDelivery: false, enqueued, skipped };
}

function isDuplicate(db: DatabaseSync, job: NewQueueJob, now: string): boolean {
  if (job.dedupeKey) {
    const r = db.prepare('INSERT OR IGNORE INTO dedupe_keys (key, created_at) VALUES (?, ?)').run(job.dedupeKey, now);
    if (Number(r.changes) === 0) return true;
  }
  if (job.coalesce && job.groupKey) {
    const queued = db
      .prepare("SELECT 1 FROM queue_jobs WHERE kind = ? AND group_key = ? AND status = 'queued' LIMIT 1")
      .get(job.kind, job.groupKey);
    if (queued) return true;
  }
  return false;
}

function claimLocked(db: DatabaseSync, req: ClaimRequest): QueueJob[] {
  const now = new Date(req.now).toISOString();
  const busy = new Set(
    (
      db
        .prepare(
          "SELECT DISTINCT group_key FROM queue_jobs WHERE status = 'running' AND lease_until >= ? AND group_key IS NOT NULL",
        )
        .all(req.now) as { group_key: string }[]
    ).map((r) => r.group_key),
  );
  const due = db
    .prepare(
      "SELECT * FROM queue_jobs WHERE (status = 'queued' AND run_after <= ?) OR (status = 'running' AND lease_until < ?) ORDER BY id LIMIT 500",
    )
    .all(req.now, req.now) as unknown as JobRow[];
  const claimed: QueueJob[] = [];
  for (const row of due) {
    if (claimed.length >= req.limit) break;
    if (req.kinds && !req.kinds.includes(row.kind)) continue;
    if (req.exceptKinds?.includes(row.kind)) continue;
    if (row.group_key !== null && busy.has(row.group_key)) continue;
    if (row.attempts >= row.max_attempts) {
      // Only a job whose worker died mid-run gets here: it keeps killing workers or never finishes.
      const reason = `lease expired after ${row.attempts} attempt(s): the worker stopped while running it`;
      db.prepare(
        "UPDATE queue_jobs SET status = 'failed', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
      ).run(reason, now, row.id);
      continue;
    }
    const leaseUntil = req.now + req.leaseMs;
    db.prepare(
      "UPDATE queue_jobs SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?",
    ).run(req.owner, leaseUntil, now, row.id);
    if (row.group_key !== null) busy.add(row.group_key);
    claimed.push(
      toJob({
        ...row,
        status: 'running',
        attempts: row.attempts + 1,
        lease_owner: req.owner,
        lease_until: leaseUntil,
        updated_at: now,
      }),
    );
  }
  return claimed;
}
