import { PgBoss } from 'pg-boss';
import type { CommandResponse, Db, JobWithMetadata, QueuePolicy } from 'pg-boss';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../../logger.ts';
import type {
  EnqueueRequest,
  EnqueueResult,
  NewQueueJob,
  QueueJob,
  QueueJobStatus,
  QueueKindStats,
  QueueStore,
} from '../types.ts';
import { inTx } from './pool.ts';

// PostgreSQL's queue is pg-boss (https://github.com/timgit/pg-boss): its job table, fetch with SKIP
// LOCKED, queue policies for per-key serialisation, heartbeats and the supervisor that retries the
// jobs of a dead instance. What stays ours: the delivery and dedupe-key tables, written in the same
// transaction as pg-boss's insert (its `db` option), and the decision to retry (by error code, with our
// backoff), which the worker takes and this store carries out as fail + new start time in one transaction.

const DEFAULT_MAX_ATTEMPTS = 5;
/** pg-boss's own schema, next to ours (public). */
export const BOSS_SCHEMA = 'pgboss';
/** pg-boss refuses heartbeats under 10 s. */
const MIN_HEARTBEAT_SECONDS = 10;

export interface PgBossQueueOptions {
  /** A job whose worker sent no heartbeat for this long is handed to another (CI_TRIAGE_LEASE_SECONDS). */
  leaseSeconds?: number;
  /** Connections of pg-boss's own pool (beside the store's). */
  poolSize?: number;
  /** How many days finished jobs stay readable. */
  keepDays?: number;
  log?: Logger;
}

export interface PgBossQueue extends QueueStore {
  readonly boss: PgBoss;
  /**
   * Inserts jobs in the caller's transaction, keeping their delivery ids and the attempts they used;
   * null where a queued job of the same stately key took it in (coalesced).
   */
  insertCarried(c: PoolClient, jobs: readonly CarriedJob[]): Promise<(string | null)[]>;
  /** Deletes jobs finished before `before` (pg-boss also drops them itself after `keepDays`); returns how many. */
  pruneFinished(before: Date): Promise<number>;
  /** Runs the supervisor's expiry pass now (tests; it also runs every few seconds on its own). */
  supervise(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Statements on one transaction's client, as pg-boss's `db` option wants
 * them: node-postgres's own result, an array of them for a multi-statement query (pg-boss unwraps it).
 */
function adapter(db: PoolClient): Db {
  return { executeSql: (text: string, values?: unknown[]) => db.query(text, values) as Promise<{ rows: never[] }> };
}

/** How many jobs a settle call changed (its declared type is empty; the object carries `affected`). */
const affected = (r: CommandResponse) => (r as { affected?: number }).affected ?? 0;

/**
 * A pg-boss instance with a small pool of its own: our enqueue transaction holds one of our
 * connections while pg-boss's `send` may read its queue cache, which on a shared pool could wait for a
 * connection the waiting transactions hold. Its schema is installed or migrated by `start()` (call it
 * under our migration lock).
 */
export function createBoss(url: string, options: PgBossQueueOptions = {}): PgBoss {
  const heartbeat = heartbeatSeconds(options.leaseSeconds);
  const boss = new PgBoss({
    connectionString: url,
    max: options.poolSize ?? 4,
    application_name: 'ci-triage pg-boss',
    schema: BOSS_SCHEMA,
    schedule: false,
    registerInstance: false,
    openTelemetry: { enabled: false },
    // Expiry (heartbeat lost) is checked per queue every monitor pass: a few per heartbeat period.
    superviseIntervalSeconds: Math.max(1, Math.ceil(heartbeat / 5)),
    monitorIntervalSeconds: Math.max(1, Math.ceil(heartbeat / 5)),
  });
  const log = options.log;
  boss.on('error', (err: Error) => log?.error({ err: err.message }, 'pg-boss error'));
  boss.on('warning', (w: { message?: string }) => log?.warn({ warning: w.message }, 'pg-boss warning'));
  return boss;
}

function heartbeatSeconds(leaseSeconds: number | undefined): number {
  return Math.max(MIN_HEARTBEAT_SECONDS, Math.ceil(leaseSeconds ?? 60));
}

/** The queue policy a job needs: coalesced groups one queued + one running (stately), groups one running. */
function policyOf(job: NewQueueJob): QueuePolicy {
  if (!job.groupKey) return 'standard';
  return job.coalesce ? 'stately' : 'singleton';
}

/** One pg-boss queue per kind and policy (a policy is a queue's, not a job's). */
function queueName(kind: string, policy: QueuePolicy): string {
  return policy === 'standard' ? kind : `${kind}.${policy}`;
}

const kindOf = (queue: string) => queue.replace(/\.(stately|singleton)$/, '');

interface JobData {
  payload: unknown;
  deliveryId: string | null;
  kind: string;
  /** Attempts a job carried over from queue_jobs had used there (absent: none). */
  attemptsBefore?: number;
}

/** A job another queue held (the queue_jobs table of earlier versions), with what it had used there. */
export interface CarriedJob extends NewQueueJob {
  deliveryId: string | null;
  attemptsUsed: number;
}

interface Claim {
  queue: string;
  retryCount: number;
  owner: string;
}

const STATUS: Record<JobWithMetadata['state'], QueueJobStatus> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'failed',
};

export function createPgBossQueue(pool: Pool, boss: PgBoss, options: PgBossQueueOptions = {}): PgBossQueue {
  const heartbeat = heartbeatSeconds(options.leaseSeconds);
  const keepSeconds = (options.keepDays ?? 7) * 86_400;
  /** Queues this process made sure exist. */
  const known = new Set<string>();
  /** Jobs this process holds: pg-boss settles an attempt by id and retry count; the owner stays ours. */
  const claims = new Map<string, Claim>();
  let queuesReadAt = 0;

  async function ensureQueue(name: string, policy: QueuePolicy): Promise<void> {
    if (known.has(name)) return;
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, {
        policy,
        heartbeatSeconds: heartbeat,
        // A handler that hangs without dying still gives its job back, after an hour.
        expireInSeconds: 3600,
        deleteAfterSeconds: keepSeconds,
        retentionSeconds: keepSeconds * 2,
      });
    }
    known.add(name);
  }

  /** Every queue any instance created (new kinds appear with new code), re-read every 30 s. */
  async function queues(): Promise<string[]> {
    if (Date.now() - queuesReadAt > 30_000) {
      for (const q of await boss.getQueues()) known.add(q.name);
      queuesReadAt = Date.now();
    }
    return [...known];
  }

  function claimOf(id: string, owner: string): Claim | null {
    const c = claims.get(id);
    return c && c.owner === owner ? c : null;
  }

  async function findJob(id: string): Promise<JobWithMetadata<JobData> | null> {
    const held = claims.get(id);
    for (const q of held ? [held.queue] : await queues()) {
      const [job] = await boss.findJobs<JobData>(q, { id });
      if (job) return job;
    }
    return null;
  }

  /** One job into its queue (made before), in the transaction of `db`; null: coalesced. */
  function send(db: Db, job: NewQueueJob, deliveryId: string | null, attemptsUsed: number): Promise<string | null> {
    const data: JobData = { payload: job.payload, deliveryId, kind: job.kind };
    if (attemptsUsed > 0) data.attemptsBefore = attemptsUsed;
    // A stately queue refuses a second queued job of one key: that is the coalescing (null id).
    return boss.send(queueName(job.kind, policyOf(job)), data, {
      db,
      retryLimit: (job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) - 1 - attemptsUsed,
      ...(job.groupKey ? { singletonKey: job.groupKey } : {}),
      ...(job.runAfter !== undefined ? { startAfter: new Date(job.runAfter) } : {}),
    });
  }

  async function enqueue(req: EnqueueRequest): Promise<EnqueueResult> {
    // Queues are idempotent and outlive this call, so they are made before the transaction.
    for (const job of req.jobs) await ensureQueue(queueName(job.kind, policyOf(job)), policyOf(job));
    return inTx(pool, async (c) => {
      const now = new Date(req.now).toISOString();
      if (req.delivery) {
        const seen = await c.query(
          'INSERT INTO webhook_deliveries (id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [req.delivery.id, req.delivery.event, now],
        );
        if (seen.rowCount === 0) return { duplicateDelivery: true, enqueued: [], skipped: req.jobs.length };
      }
      const db = adapter(c);
      const enqueued: string[] = [];
      let skipped = 0;
      const deliveryId = req.delivery?.id ?? req.fromDelivery ?? null;
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
        const id = await send(db, job, deliveryId, 0);
        if (id) enqueued.push(id);
        else skipped++;
      }
      return { duplicateDelivery: false, enqueued, skipped };
    });
  }

  /** Puts a held job back as pg-boss's retry state, due at `runAfter` (null: failed for good). */
  async function settleFailed(id: string, owner: string, error: string, runAfter: number | null): Promise<void> {
    const held = claimOf(id, owner);
    if (!held) return;
    claims.delete(id);
    const attempt = { id, retryCount: held.retryCount };
    await inTx(pool, async (c) => {
      const db = adapter(c);
      const failed = await boss.fail(held.queue, attempt, { error }, { db });
      if (affected(failed) === 0) return;
      const [job] = await boss.findJobs<JobData>(held.queue, { id, db });
      if (job?.state !== 'retry') return;
      if (runAfter === null) {
        // A permanent error: no retries left, then fail again, now for good.
        await boss.update(held.queue, undefined, { id, retryLimit: job.retryCount, db });
        await boss.fail(held.queue, id, { error }, { db });
      } else {
        await boss.update(held.queue, undefined, { id, startAfter: new Date(runAfter), db });
      }
    });
  }

  return {
    boss,
    enqueue,
    async insertCarried(c, jobs) {
      for (const job of jobs) await ensureQueue(queueName(job.kind, policyOf(job)), policyOf(job));
      const db = adapter(c);
      const ids: (string | null)[] = [];
      for (const job of jobs) ids.push(await send(db, job, job.deliveryId, job.attemptsUsed));
      return ids;
    },
    async claimJobs(req) {
      const all = req.kinds
        ? (await queues()).filter((q) => req.kinds!.includes(kindOf(q)))
        : (await queues()).filter((q) => !req.exceptKinds?.includes(kindOf(q)));
      const claimed: QueueJob[] = [];
      for (const q of all) {
        const free = req.limit - claimed.length;
        if (free <= 0) break;
        const jobs = await boss.fetch<JobData>(q, { batchSize: free, includeMetadata: true });
        for (const job of jobs) {
          claims.set(job.id, { queue: q, retryCount: job.retryCount, owner: req.owner });
          claimed.push(toQueueJob(job, req.owner));
        }
      }
      return claimed;
    },
    async extendLease(id, owner) {
      const held = claimOf(id, owner);
      if (!held) return false;
      const r = await boss.touch(held.queue, { id, retryCount: held.retryCount });
      return affected(r) > 0;
    },
    async completeJob(id, owner) {
      const held = claimOf(id, owner);
      if (!held) return;
      claims.delete(id);
      await boss.complete(held.queue, { id, retryCount: held.retryCount });
    },
    retryJob: (id, owner, error, runAfter) => settleFailed(id, owner, error, runAfter),
    failJob: (id, owner, error) => settleFailed(id, owner, error, null),
    async getJob(id) {
      const job = await findJob(id);
      return job ? toQueueJob(job, claims.get(id)?.owner ?? null) : null;
    },
    async listJobs(filter = {}) {
      const names = (await queues()).filter((q) => !filter.kind || kindOf(q) === filter.kind);
      const jobs: QueueJob[] = [];
      for (const q of names) {
        const queued = filter.status === 'queued' ? { queued: true } : {};
        for (const job of await boss.findJobs<JobData>(q, { limit: 100_000, ...queued })) {
          const j = toQueueJob(job, claims.get(job.id)?.owner ?? null);
          if (!filter.status || j.status === filter.status) jobs.push(j);
        }
      }
      return jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async pruneFinished(before) {
      let removed = 0;
      for (const q of await queues()) {
        const old = (await boss.findJobs<JobData>(q, { limit: 100_000 })).filter(
          (j) => STATUS[j.state] !== 'queued' && STATUS[j.state] !== 'running' && (j.completedOn ?? before) < before,
        );
        if (old.length)
          removed += affected(
            await boss.deleteJob(
              q,
              old.map((j) => j.id),
            ),
          );
      }
      return removed;
    },
    // The next queued job that is not due yet, by the database's clock; due ones that no fetch took are
    // held by their key's running job, and the worker looks again when one of its jobs ends or at its poll.
    async nextRunAfter() {
      const r = await pool.query<{ t: Date | null; now: Date }>(
        `SELECT MIN(start_after) AS t, now() AS now FROM ${BOSS_SCHEMA}.job WHERE state IN ('created', 'retry') AND start_after > now()`,
      );
      const row = r.rows[0];
      // In this process's clock, which the worker compares it with.
      return row?.t ? Date.now() + (row.t.getTime() - row.now.getTime()) : null;
    },
    async queueStats() {
      // One aggregate over pg-boss's waiting jobs, one row per queue (0 for a queue with none waiting).
      // The filter is pg-boss's job_i11 predicate, so the planner can read the waiting jobs from that
      // index and never the finished ones. pg-boss's own getQueues() counts are a monitor pass old and
      // carry no age of the oldest scheduled job, hence the query.
      const r = await pool.query<{ name: string; depth: number; age: number }>(
        `SELECT q.name, COALESCE(j.depth, 0)::int AS depth, COALESCE(EXTRACT(EPOCH FROM now() - j.oldest), 0)::float8 AS age
           FROM ${BOSS_SCHEMA}.queue q
           LEFT JOIN (SELECT name, COUNT(*) AS depth, MIN(created_on) AS oldest FROM ${BOSS_SCHEMA}.job
                       WHERE state < 'active' AND NOT blocked GROUP BY name) j ON j.name = q.name`,
      );
      const byKind = new Map<string, QueueKindStats>();
      for (const row of r.rows) {
        const kind = kindOf(row.name);
        const s = byKind.get(kind) ?? { kind, depth: 0, oldestAgeSeconds: 0 };
        byKind.set(kind, { kind, depth: s.depth + row.depth, oldestAgeSeconds: Math.max(s.oldestAgeSeconds, row.age) });
      }
      return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
    },
    supervise: () => boss.supervise(),
    async stop() {
      claims.clear();
      await boss.stop({ graceful: false, close: true, timeout: 5000 });
    },
  };
}

function toQueueJob(job: JobWithMetadata<JobData>, owner: string | null): QueueJob {
  const status = STATUS[job.state];
  const running = status === 'running';
  const output = job.output as { error?: unknown; value?: { message?: unknown } } | null;
  const lastError = output?.error ?? output?.value?.message ?? null;
  const heartbeatAt = (job.heartbeatOn ?? job.startedOn)?.getTime() ?? null;
  return {
    id: job.id,
    kind: job.data.kind,
    payload: job.data.payload,
    deliveryId: job.data.deliveryId,
    groupKey: job.singletonKey,
    status,
    // pg-boss counts retries and bumps it at each claim after the first; a carried job adds those it used before.
    attempts: (job.data.attemptsBefore ?? 0) + job.retryCount + (running || job.startedOn ? 1 : 0),
    maxAttempts: (job.data.attemptsBefore ?? 0) + job.retryLimit + 1,
    runAfter: job.startAfter.getTime(),
    leaseOwner: running ? owner : null,
    leaseUntil: running && heartbeatAt !== null ? heartbeatAt + (job.heartbeatSeconds ?? 0) * 1000 : null,
    lastError: typeof lastError === 'string' ? lastError : null,
    createdAt: job.createdOn.toISOString(),
    updatedAt: (job.completedOn ?? job.startedOn ?? job.createdOn).toISOString(),
  };
}
