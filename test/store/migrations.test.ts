import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, StoreError, openSqliteStore } from '../../src/store/index.ts';

describe('SQLite store migrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const tables = (store: ReturnType<typeof openSqliteStore>) =>
    (
      store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);

  it('creates every table on a fresh database and records each migration', async () => {
    const store = openSqliteStore({ path: join(dir, 'fresh.db') });

    const versions = store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(store.migration).toEqual({ from: 0, to: MIGRATIONS.length, applied: MIGRATIONS.map((m) => m.version) });
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(tables(store)).toEqual(
      expect.arrayContaining([
        'queue_jobs',
        'webhook_deliveries',
        'dedupe_keys',
        'triages',
        'triage_findings',
        'pr_comments',
        'pr_jobs',
        'pr_files',
        'pr_lists',
      ]),
    );
    expect((store.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    await store.close();
  });

  it('re-opens an up-to-date database without applying anything and keeps its data', async () => {
    const path = join(dir, 'reopen.db');
    const first = openSqliteStore({ path });
    await first.enqueue({ jobs: [{ kind: 'k', payload: { a: 1 } }], now: 1000 });
    await first.close();

    const second = openSqliteStore({ path });

    expect(second.migration.applied).toEqual([]);
    expect(second.migration.from).toBe(MIGRATIONS.length);
    expect((await second.listJobs()).map((j) => j.payload)).toEqual([{ a: 1 }]);
    await second.close();
  });

  it('upgrades a v1 database to the latest schema, keeping v1 data', async () => {
    const path = join(dir, 'v1.db');
    const old = openSqliteStore({ path, migrations: MIGRATIONS.slice(0, 1) });
    await old.savePrJob('o/r', 7, {
      job: 'j',
      url: null,
      status: 'failing',
      report: null,
      error: 'x',
      updatedAt: '2025-01-01T00:00:00Z',
      eventAt: '2025-01-01T00:00:00Z',
    });
    expect(tables(old)).not.toContain('pr_files');
    await old.close();

    const upgraded = openSqliteStore({ path });
    await upgraded.putPrFiles('o/r', 1, [{ filename: 'a' }]);

    expect(upgraded.migration).toEqual({
      from: 1,
      to: MIGRATIONS.length,
      applied: MIGRATIONS.slice(1).map((m) => m.version),
    });
    expect((await upgraded.loadPrComment('o/r', 7)).jobs.map((j) => j.error)).toEqual(['x']);
    expect((await upgraded.getPrFiles('o/r', 1))?.value).toEqual([{ filename: 'a' }]);
    await upgraded.close();
  });

  it('refuses a database written by a newer ci-triage', async () => {
    const path = join(dir, 'newer.db');
    const store = openSqliteStore({ path });
    store.db
      .prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00Z')",
      )
      .run();
    await store.close();

    expect(() => openSqliteStore({ path })).toThrow(
      `the database schema is at v99 but this ci-triage knows migrations up to v${MIGRATIONS.length}: upgrade ci-triage`,
    );
  });

  it('rolls back a failing migration and names it', () => {
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE t (a INT); NOT SQL;' },
    ];

    let error: unknown;
    try {
      openSqliteStore({ path: join(dir, 'broken.db'), migrations: broken });
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`migration v${MIGRATIONS.length + 1} (broken) failed`);
    const reopened = openSqliteStore({ path: join(dir, 'broken.db') });
    expect(tables(reopened)).not.toContain('t');
    void reopened.close();
  });

  it('explains a database path that cannot be opened', () => {
    expect(() => openSqliteStore({ path: join(dir, 'missing-dir', 'x.db') })).toThrow(
      /cannot open the SQLite database at .*missing-dir/,
    );
  });
});
