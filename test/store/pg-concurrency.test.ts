import { openPgStore } from '../../src/store/index.ts';
import type { PgStore } from '../../src/store/index.ts';
import { createTestDatabase, pgReachable } from '../helpers/pg-db.ts';
import type { TestDatabase } from '../helpers/pg-db.ts';

// What only a networked store has to prove: instances racing on one database.

const run = await pgReachable();
const maybe = run ? it : it.skip;
const T0 = Date.parse('2025-02-11T02:00:00Z');

describe('PostgreSQL store under concurrency', () => {
  let db: TestDatabase;
  let stores: PgStore[] = [];

  beforeEach(async () => {
    if (run) db = await createTestDatabase('race');
  });

  afterEach(async () => {
    for (const s of stores) await s.close();
    stores = [];
    if (run) await db.drop();
  });

  maybe('runs each migration once when three instances start together, and installs pg-boss once', async () => {
    stores = await Promise.all([1, 2, 3].map(() => openPgStore({ url: db.url, poolSize: 2 })));

    const applied = stores.map((s) => s.migration.applied);
    const rows = await stores[0]!.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    const bossVersions = await Promise.all(stores.map((s) => s.queue.boss.schemaVersion()));

    expect(applied.flat().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
    expect(stores.map((s) => s.migration.to)).toEqual([6, 6, 6]);
    expect(rows.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(bossVersions).size).toBe(1);
    expect(bossVersions[0]).toEqual(expect.any(Number));
  });

  maybe(
    "gives a dead instance's job to another once its heartbeat lapses, and fails it once out of attempts",
    async () => {
      stores = await Promise.all(
        [1, 2].map(() => openPgStore({ url: db.url, poolSize: 3, queue: { leaseSeconds: 10 } })),
      );
      const [dead, alive] = stores as [PgStore, PgStore];
      const t = Date.now();
      await dead.enqueue({ jobs: [{ kind: 'k', payload: 'again', maxAttempts: 2 }], now: t });
      await dead.enqueue({ jobs: [{ kind: 'k', payload: 'last', maxAttempts: 1 }], now: t });
      const held = await dead.claimJobs({ owner: 'dead', limit: 2, leaseMs: 10_000, now: t });

      await dead.queue.boss.stop({ graceful: false, close: true });
      const whileAlive = await alive.claimJobs({ owner: 'w2', limit: 2, leaseMs: 10_000, now: Date.now() });
      await new Promise((r) => setTimeout(r, 11_000));
      await alive.queue.supervise();
      const reclaimed = await alive.claimJobs({ owner: 'w2', limit: 2, leaseMs: 10_000, now: Date.now() });

      expect(held).toHaveLength(2);
      expect(whileAlive).toEqual([]);
      expect(reclaimed.map((j) => [j.payload, j.attempts, j.leaseOwner])).toEqual([['again', 2, 'w2']]);
      const last = held.find((j) => j.payload === 'last')!;
      expect(await alive.getJob(last.id)).toMatchObject({ status: 'failed', lastError: 'job heartbeat timeout' });
    },
    30_000,
  );

  maybe('never gives one job, or two jobs of one group, to two claimers at once', async () => {
    stores = await Promise.all([1, 2, 3].map(() => openPgStore({ url: db.url, poolSize: 3 })));
    const jobs = Array.from({ length: 60 }, (_, i) => ({ kind: 'k', payload: i, groupKey: i % 3 === 0 ? 'g' : null }));
    await stores[0]!.enqueue({ jobs, now: T0 });

    const rounds = await Promise.all(
      stores.flatMap((s, i) =>
        [0, 1, 2].map((n) => s.claimJobs({ owner: `w${i}-${n}`, limit: 7, leaseMs: 60_000, now: T0 })),
      ),
    );

    const ids = rounds.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rounds.flat().filter((j) => j.groupKey === 'g')).toHaveLength(1);
    expect(new Set(rounds.flat().map((j) => j.payload)).size).toBe(41);
    expect(ids.length).toBe(41);
  });

  maybe('lets one of two instances own a redelivered webhook and one digest period', async () => {
    stores = await Promise.all([1, 2].map(() => openPgStore({ url: db.url, poolSize: 2 })));
    const delivery = { id: 'd-1', event: 'status' };
    const digest = { scope: 'channel:C1|7d', periodStart: '2025-02-04T09:00:00Z', periodEnd: '2025-02-11T09:00:00Z' };

    const enq = await Promise.all(
      stores.map((s) => s.enqueue({ jobs: [{ kind: 'k', payload: 1 }], delivery, now: T0 })),
    );
    const claims = await Promise.all(stores.map((s, i) => s.claimDigestRun({ ...digest, owner: `i${i}` })));

    expect(enq.map((e) => e.duplicateDelivery).sort()).toEqual([false, true]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.listJobs()).toHaveLength(1);
  });
});
