import type { JobRow } from '../queue-row.ts';
import { toJob } from '../queue-row.ts';
import type { Pool, PoolClient } from 'pg';
import type { ClaimRequest, EnqueueRequest, EnqueueResult, QueueJob, QueueStore } from '../types.ts';
import { inTx, LOCKS } from './pool.ts';

const DEFAULT_MAX_ATTEMPTS = 5;
const iso = (ms: number) => new Date(ms).toISOString();

// The same lease queue as SQLite's (src/store/sqlite/queue-sql.ts), so both stores pass one contract.
// Claims and coalescing enqueues take one transaction-scoped advisory lock: a claim must see every
// live group lease, which row locks alone (SKIP LOCKED) do not give.
export function createPgQueue(pool: Pool): QueueStore {
  const settle = async (sql: string, args: unknown[]) => void (await pool.query(sql, args));
  return {
    enqueue: (req) => inTx(pool, (c) => enqueueTx(c, req)),
    claimJobs: (req) => inTx(pool, (c) => claimTx(c, req)),
    async extendLease(id, owner, leaseUntil) {
      const r = await pool.query(
        "UPDATE queue_jobs SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'running'",
        [leaseUntil, id, owner],
      );
      return (r.rowCount ?? 0) > 0;
    },
    completeJob: (id, owner, now) =>
      settle(
        "UPDATE queue_jobs SET status = 'done', lease_owner = NULL, lease_until = NULL, updated_at = $1 WHERE id = $2 AND lease_owner = $3",
        [iso(now), id, owner],
      ),
    retryJob: (id, owner, error, runAfter, now) =>
      settle(
        "UPDATE queue_jobs SET status = 'queued', run_after = $1, last_error = $2, lease_owner = NULL, lease_until = NULL, updated_at = $3 WHERE id = $4 AND lease_owner = $5",
        [runAfter, error, iso(now), id, owner],
      ),
    failJob: (id, owner, error, now) =>
      settle(
        "UPDATE queue_jobs SET status = 'failed', last_error = $1, lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE id = $3 AND lease_owner = $4",
        [error, iso(now), id, owner],
      ),
    async getJob(id) {
      const r = await pool.query<JobRow>('SELECT * FROM queue_jobs WHERE id = $1', [id]);
      return r.rows[0] ? toJob(r.rows[0]) : null;
    },
    async listJobs(filter = {}) {
      const r = await pool.query<JobRow>(
        'SELECT * FROM queue_jobs WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) ORDER BY id',
        [filter.status ?? null, filter.kind ?? null],
      );
      return r.rows.map(toJob);
    },
    async nextRunAfter() {
      const r = await pool.query<{ t: number | null }>(
        "SELECT MIN(CASE WHEN status = 'queued' THEN run_after ELSE lease_until END) AS t FROM queue_jobs WHERE status IN ('queued', 'running')",
      );
      return r.rows[0]?.t ?? null;
    },
  };
}

async function enqueueTx(c: PoolClient, req: EnqueueRequest): Promise<EnqueueResult> {
  const now = iso(req.now);
  if (req.delivery) {
    const seen = await c.query(
      'INSERT INTO webhook_deliveries (id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [req.delivery.id, req.delivery.event, now],
    );
    if (seen.rowCount === 0) return { duplicateDelivery: true, enqueued: [], skipped: req.jobs.length };
  }
  if (req.jobs.some((j) => j.coalesce)) await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queueClaim]);
  const enqueued: number[] = [];
  let skipped = 0;
  for (const job of req.jobs) {
    if (job.dedupeKey) {
      const r = await c.query('INSERT INTO dedupe_keys (key, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        job.dedupeKey,
        now,
      ]);
      if (r.rowCount === 0) {
        skipped++;
        continue;
      }
    }
    if (job.coalesce && job.groupKey) {
      const q = await c.query(
        "SELECT 1 FROM queue_jobs WHERE kind = $1 AND group_key = $2 AND status = 'queued' LIMIT 1",
        [job.kind, job.groupKey],
      );
      if (q.rowCount) {
        skipped++;
        continue;
      }
    }
    const r = await c.query<{ id: number }>(
      `INSERT INTO queue_jobs (kind, payload_json, group_key, status, attempts, max_attempts, run_after, created_at, updated_at)
       VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) RETURNING id`,
      [
        job.kind,
        JSON.stringify(job.payload),
        job.groupKey ?? null,
        job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        job.runAfter ?? req.now,
        now,
      ],
    );
    enqueued.push(r.rows[0]!.id);
  }
  return { duplicateDelivery: false, enqueued, skipped };
}

async function claimTx(c: PoolClient, req: ClaimRequest): Promise<QueueJob[]> {
  const now = iso(req.now);
  await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queueClaim]);
  const busyRows = await c.query<{ group_key: string }>(
    "SELECT DISTINCT group_key FROM queue_jobs WHERE status = 'running' AND lease_until >= $1 AND group_key IS NOT NULL",
    [req.now],
  );
  const busy = new Set(busyRows.rows.map((r) => r.group_key));
  const due = await c.query<JobRow>(
    `SELECT * FROM queue_jobs WHERE ((status = 'queued' AND run_after <= $1) OR (status = 'running' AND lease_until < $1))
       AND ($2::text[] IS NULL OR kind = ANY($2)) AND ($3::text[] IS NULL OR NOT (kind = ANY($3)))
     ORDER BY id LIMIT 500`,
    [req.now, req.kinds ?? null, req.exceptKinds ?? null],
  );
  const claimed: QueueJob[] = [];
  for (const row of due.rows) {
    if (claimed.length >= req.limit) break;
    if (row.group_key !== null && busy.has(row.group_key)) continue;
    if (row.attempts >= row.max_attempts) {
      const reason = `lease expired after ${row.attempts} attempt(s): the worker stopped while running it`;
      await c.query(
        "UPDATE queue_jobs SET status = 'failed', last_error = $1, lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE id = $3",
        [reason, now, row.id],
      );
      continue;
    }
    const leaseUntil = req.now + req.leaseMs;
    await c.query(
      "UPDATE queue_jobs SET status = 'running', attempts = attempts + 1, lease_owner = $1, lease_until = $2, updated_at = $3 WHERE id = $4",
      [req.owner, leaseUntil, now, row.id],
    );
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
