import type { PoolClient } from 'pg';
import type { CarriedJob, PgBossQueue } from './queue-pgboss.ts';

// Upgrading onto pg-boss: versions before it kept PostgreSQL's queue in the queue_jobs table (the
// lease queue SQLite still uses). At start-up, under the migration lock, the jobs that table still
// holds for a worker are moved into pg-boss in one transaction, so an upgrade loses no queued work.

/** What the old queue's claim and coalescing enqueue serialised on: old pods still running wait for the move. */
const OLD_CLAIM_LOCK = 0x63697402;

export interface CarryOverResult {
  /** Jobs now in pg-boss. */
  carried: number;
  /** Comment syncs of one PR beyond the first queued (the stately queue takes one): the first renders the newest state. */
  coalesced: number;
  /** Jobs out of attempts (a lease that expired on the last one), failed as the old claim would have, left in queue_jobs. */
  failed: number;
}

interface OldRow {
  id: number;
  kind: string;
  payload_json: string;
  group_key: string | null;
  status: 'queued' | 'running';
  attempts: number;
  max_attempts: number;
  run_after: number;
  delivery_id: string | null;
}

/**
 * Moves queue_jobs' queued jobs, and running ones whose lease expired (their worker is gone), into
 * pg-boss: same kind, payload, delivery id, run-after and attempts used; a group key goes to the kind's
 * stately queue keyed by it (the old queue's only grouped jobs were the coalescing comment syncs).
 * Dedupe keys and delivery ids are rows of their own tables, which stay. Moved rows are deleted in the
 * same transaction; a job an old pod still holds a live lease on stays for that pod to settle.
 * Call it holding the migration lock on `c`: instances starting together move each job once.
 */
export async function carryQueueJobs(
  c: PoolClient,
  queue: Pick<PgBossQueue, 'insertCarried'>,
): Promise<CarryOverResult> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [OLD_CLAIM_LOCK]);
    const nowMs = '(EXTRACT(EPOCH FROM now()) * 1000)::bigint';
    const waiting = `(status = 'queued' OR (status = 'running' AND lease_until < ${nowMs}))`;
    const failed = await c.query(
      `UPDATE queue_jobs SET status = 'failed', lease_owner = NULL, lease_until = NULL, updated_at = $1,
         last_error = 'lease expired after ' || attempts || ' attempt(s): the worker stopped while running it'
       WHERE ${waiting} AND attempts >= max_attempts`,
      [new Date().toISOString()],
    );
    const rows = await c.query<OldRow>(
      `SELECT id, kind, payload_json, group_key, status, attempts, max_attempts, run_after, delivery_id
         FROM queue_jobs WHERE ${waiting} ORDER BY id FOR UPDATE`,
    );
    const jobs = rows.rows.map(toCarried);
    const ids = jobs.length ? await queue.insertCarried(c, jobs) : [];
    if (rows.rows.length)
      await c.query('DELETE FROM queue_jobs WHERE id = ANY($1::bigint[])', [rows.rows.map((r) => r.id)]);
    await c.query('COMMIT');
    const carried = ids.filter((id) => id !== null).length;
    return { carried, coalesced: ids.length - carried, failed: failed.rowCount ?? 0 };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function toCarried(row: OldRow): CarriedJob {
  return {
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as unknown,
    groupKey: row.group_key,
    coalesce: row.group_key !== null,
    maxAttempts: row.max_attempts,
    // A running row's lease expired: due now. A queued one keeps its time (pg-boss runs a past one at once).
    ...(row.status === 'queued' ? { runAfter: row.run_after } : {}),
    deliveryId: row.delivery_id,
    attemptsUsed: row.attempts,
  };
}
