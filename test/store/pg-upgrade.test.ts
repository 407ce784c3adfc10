import { MIGRATIONS, openPgStore } from '../../src/store/index.ts';
import type { PgStore } from '../../src/store/index.ts';
import { migratePg } from '../../src/store/postgres/migrate-pg.ts';
import { createPool } from '../../src/store/postgres/pool.ts';
import { createTestDatabase, pgReachable } from '../helpers/pg-db.ts';
import type { TestDatabase } from '../helpers/pg-db.ts';

// Upgrading a PostgreSQL deployment from the queue_jobs lease queue onto pg-boss: the database is
// left as the previous version left it (its schema, no pg-boss, rows written with its SQL), then two
// instances of this version start on it at once.

const run = await pgReachable();
const maybe = run ? it : it.skip;
const MIN = 60_000;

interface OldJob {
  kind: string;
  payload: unknown;
  group?: string;
  status?: 'queued' | 'running' | 'done';
  attempts?: number;
  maxAttempts?: number;
  runAfter?: number;
  leaseUntil?: number;
  deliveryId?: string;
}

/** A database at schema `version` with the old queue's rows, inserted as its enqueue and claim wrote them. */
async function previousVersion(url: string, version: number, jobs: OldJob[]): Promise<void> {
  const pool = createPool(url, 1);
  try {
    await migratePg(
      pool,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    const now = new Date().toISOString();
    for (const j of jobs) {
      const cols = [j.kind, JSON.stringify(j.payload), j.group ?? null, j.status ?? 'queued', j.attempts ?? 0];
      const more = [j.maxAttempts ?? 5, j.runAfter ?? Date.now(), j.leaseUntil ?? null, now];
      if (j.deliveryId === undefined) {
        await pool.query(
          `INSERT INTO queue_jobs (kind, payload_json, group_key, status, attempts, max_attempts, run_after, lease_until, lease_owner, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::bigint IS NULL THEN NULL ELSE 'old-pod' END, $9, $9)`,
          [...cols, ...more],
        );
      } else {
        await pool.query(
          `INSERT INTO queue_jobs (kind, payload_json, group_key, status, attempts, max_attempts, run_after, lease_until, created_at, updated_at, delivery_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
          [...cols, ...more, j.deliveryId],
        );
      }
    }
  } finally {
    await pool.end();
  }
}

const sorted = <T>(rows: T[]) => rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

describe('upgrading the PostgreSQL queue onto pg-boss', () => {
  let db: TestDatabase;
  let stores: PgStore[] = [];

  beforeEach(async () => {
    if (run) db = await createTestDatabase('upgrade');
  });

  afterEach(async () => {
    for (const s of stores) await s.close();
    stores = [];
    if (run) await db.drop();
  });

  maybe('carries the waiting jobs of queue_jobs into pg-boss once when two instances start together', async () => {
    const t = Date.now();
    await previousVersion(db.url, 5, [
      { kind: 'triage-run', payload: { run: 'due' } },
      { kind: 'triage-run', payload: { run: 'retried' }, attempts: 2, runAfter: t + 60 * MIN },
      { kind: 'triage-run', payload: { run: 'last try' }, attempts: 2, maxAttempts: 3 },
      { kind: 'comment-sync', payload: { pr: 1 }, group: 'comment:o/r#1' },
      {
        kind: 'comment-sync',
        payload: { pr: 2 },
        group: 'comment:o/r#2',
        status: 'running',
        attempts: 1,
        leaseUntil: t - MIN,
      },
      {
        kind: 'comment-sync',
        payload: { pr: 1, again: true },
        group: 'comment:o/r#1',
        status: 'running',
        attempts: 1,
        leaseUntil: t - MIN,
      },
      { kind: 'triage-run', payload: { run: 'held' }, status: 'running', attempts: 1, leaseUntil: t + 10 * MIN },
      { kind: 'triage-run', payload: { run: 'spent' }, status: 'running', attempts: 5, leaseUntil: t - MIN },
      { kind: 'triage-run', payload: { run: 'finished' }, status: 'done', attempts: 1 },
    ]);
    const old = createPool(db.url, 1);
    await old.query("INSERT INTO dedupe_keys (key, created_at) VALUES ('run:o/r:sha:job:1', 'x')");
    await old.query("INSERT INTO webhook_deliveries (id, event, received_at) VALUES ('d-old', 'status', 'x')");
    await old.end();

    stores = await Promise.all([1, 2].map(() => openPgStore({ url: db.url, poolSize: 3 })));
    const [a, b] = stores as [PgStore, PgStore];
    const jobs = await a.listJobs();
    const left = await a.pool.query<{ payload_json: string; status: string; last_error: string | null }>(
      'SELECT payload_json, status, last_error FROM queue_jobs ORDER BY id',
    );
    const redelivered = await b.enqueue({
      jobs: [{ kind: 'triage-run', payload: 'dup', dedupeKey: 'run:o/r:sha:job:1' }],
      delivery: { id: 'd-old', event: 'status' },
      now: t,
    });
    const deduped = await b.enqueue({
      jobs: [{ kind: 'triage-run', payload: 'dup', dedupeKey: 'run:o/r:sha:job:1' }],
      now: t,
    });
    const coalescedNow = await b.enqueue({
      jobs: [{ kind: 'comment-sync', payload: { pr: 1 }, groupKey: 'comment:o/r#1', coalesce: true }],
      now: t,
    });
    const claimed = await b.claimJobs({ owner: 'w', limit: 10, leaseMs: 60_000, now: t });

    expect(stores.map((s) => s.carriedOver).sort((x, y) => y.carried - x.carried)).toEqual([
      { carried: 5, coalesced: 1, failed: 1 },
      { carried: 0, coalesced: 0, failed: 0 },
    ]);
    expect(stores.map((s) => s.migration.to)).toEqual([6, 6]);
    const view = (j: (typeof jobs)[number]) => [j.kind, j.payload, j.groupKey, j.status, j.attempts, j.maxAttempts];
    expect(sorted(jobs.map(view))).toEqual([
      ['comment-sync', { pr: 1 }, 'comment:o/r#1', 'queued', 0, 5],
      ['comment-sync', { pr: 2 }, 'comment:o/r#2', 'queued', 1, 5],
      ['triage-run', { run: 'due' }, null, 'queued', 0, 5],
      ['triage-run', { run: 'last try' }, null, 'queued', 2, 3],
      ['triage-run', { run: 'retried' }, null, 'queued', 2, 5],
    ]);
    expect(jobs.every((j) => j.deliveryId === null)).toBe(true);
    const retried = jobs.find((j) => (j.payload as { run?: string }).run === 'retried')!;
    expect(Math.abs(retried.runAfter - (t + 60 * MIN))).toBeLessThan(1000);
    // The stately queue of the comment syncs: one queued per PR, like the old coalescing.
    const queues = await a.pool.query<{ name: string; policy: string }>(
      "SELECT name, policy FROM pgboss.queue WHERE name LIKE 'comment-sync%'",
    );
    expect(queues.rows).toEqual([{ name: 'comment-sync.stately', policy: 'stately' }]);
    expect(left.rows.map((r) => [JSON.parse(r.payload_json).run, r.status])).toEqual([
      ['held', 'running'],
      ['spent', 'failed'],
      ['finished', 'done'],
    ]);
    expect(left.rows[1]!.last_error).toBe('lease expired after 5 attempt(s): the worker stopped while running it');
    expect(redelivered).toEqual({ duplicateDelivery: true, enqueued: [], skipped: 1 });
    expect(deduped).toEqual({ duplicateDelivery: false, enqueued: [], skipped: 1 });
    expect(coalescedNow).toEqual({ duplicateDelivery: false, enqueued: [], skipped: 1 });
    expect(sorted(claimed.map((j) => [j.payload, j.attempts, j.maxAttempts]))).toEqual([
      [{ pr: 1 }, 1, 5],
      [{ pr: 2 }, 2, 5],
      [{ run: 'due' }, 1, 5],
      [{ run: 'last try' }, 3, 3],
    ]);
  });

  maybe('keeps the webhook delivery id of a job written at schema v6', async () => {
    await previousVersion(db.url, 6, [{ kind: 'slack-alert', payload: { channel: 'C1' }, deliveryId: 'd-7' }]);

    stores = [await openPgStore({ url: db.url, poolSize: 2 })];

    const jobs = await stores[0]!.listJobs();
    expect(jobs.map((j) => [j.kind, j.payload, j.deliveryId, j.status])).toEqual([
      ['slack-alert', { channel: 'C1' }, 'd-7', 'queued'],
    ]);
    expect((await stores[0]!.pool.query('SELECT count(*)::int AS n FROM queue_jobs')).rows[0].n).toBe(0);
  });
});
