import { metrics } from '../../src/ops/index.ts';
import { openPgStore } from '../../src/store/index.ts';
import type { PgStore } from '../../src/store/index.ts';
import { createTestDatabase, pgReachable } from '../helpers/pg-db.ts';
import type { TestDatabase } from '../helpers/pg-db.ts';

// The queue gauges on PostgreSQL: pg-boss's job table counted by the database, one query per scrape
// however many jobs wait, with the real /metrics text prom-client renders.

const run = await pgReachable();
const maybe = run ? it : it.skip;

function gauge(text: string, name: string, kind: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{kind="${kind}"} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('PostgreSQL queue gauges', () => {
  let db: TestDatabase;
  let store: PgStore;

  beforeEach(async () => {
    if (!run) return;
    db = await createTestDatabase('qstats');
    store = await openPgStore({ url: db.url, poolSize: 3 });
    metrics.setQueueProbe(() => store.queueStats(Date.now()));
  });

  afterEach(async () => {
    if (!run) return;
    metrics.setQueueProbe(null);
    await store.close();
    await db.drop();
  });

  maybe('reads depth and oldest age per kind in one query, after N jobs are enqueued and after they ran', async () => {
    const n = 250;
    const t = Date.now();
    await store.enqueue({ jobs: Array.from({ length: n }, (_, i) => ({ kind: 'triage-run', payload: i })), now: t });
    const syncs = Array.from({ length: 4 }, (_, i) => ({
      kind: 'comment-sync',
      payload: i,
      groupKey: `comment:o/r#${i}`,
      coalesce: true,
    }));
    await store.enqueue({ jobs: syncs, now: t });
    await store.enqueue({ jobs: [{ kind: 'digest-post', payload: 'later', runAfter: t + 3_600_000 }], now: t });
    // The first triage job has waited 90 s (as if enqueued then): the oldest age is the minimum's, not the newest's.
    await store.pool.query(
      "UPDATE pgboss.job SET created_on = now() - interval '90 seconds' WHERE id = (SELECT id FROM pgboss.job WHERE name = 'triage-run' ORDER BY created_on LIMIT 1)",
    );
    let queries = 0;
    const query = store.pool.query.bind(store.pool);
    store.pool.query = ((...args: Parameters<typeof query>) => {
      queries++;
      return query(...args);
    }) as typeof store.pool.query;

    const before = await metrics.registry.metrics();
    const scrapeQueries = queries;
    const claimed = await store.claimJobs({ owner: 'w', limit: n + 10, leaseMs: 60_000, now: t });
    for (const j of claimed) await store.completeJob(j.id, 'w', Date.now());
    queries = 0;
    const after = await metrics.registry.metrics();

    expect(scrapeQueries).toBe(1);
    expect(queries).toBe(1);
    expect(gauge(before, 'ci_triage_queue_depth', 'triage-run')).toBe(n);
    expect(gauge(before, 'ci_triage_queue_depth', 'comment-sync')).toBe(4);
    expect(gauge(before, 'ci_triage_queue_depth', 'digest-post')).toBe(1);
    const oldest = gauge(before, 'ci_triage_queue_oldest_age_seconds', 'triage-run') ?? 0;
    expect(oldest).toBeGreaterThanOrEqual(90);
    expect(oldest).toBeLessThan(120);
    expect(gauge(before, 'ci_triage_queue_oldest_age_seconds', 'comment-sync')).toBeLessThan(30);
    expect(claimed).toHaveLength(n + 4);
    expect(gauge(after, 'ci_triage_queue_depth', 'triage-run')).toBe(0);
    expect(gauge(after, 'ci_triage_queue_depth', 'comment-sync')).toBe(0);
    expect(gauge(after, 'ci_triage_queue_oldest_age_seconds', 'triage-run')).toBe(0);
    expect(gauge(after, 'ci_triage_queue_depth', 'digest-post')).toBe(1);
  });
});
