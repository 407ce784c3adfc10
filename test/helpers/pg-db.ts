import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Each test run gets its own PostgreSQL database, created here and dropped after, so runs (and the
// parallel jest workers) never see each other's rows. Without a server the PostgreSQL suites skip,
// unless CI_TRIAGE_REQUIRE_PG=1 (.ci/run sets it) makes that a failure.

export const PG_ADMIN_URL = process.env.CI_TRIAGE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PG_REQUIRED = process.env.CI_TRIAGE_REQUIRE_PG === '1';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** True when the server answers; a required server that does not answer throws. */
export async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    if (PG_REQUIRED)
      throw new Error(
        `CI_TRIAGE_REQUIRE_PG=1 but PostgreSQL at ${PG_ADMIN_URL} does not answer: ${(err as Error).message}`,
      );
    process.stderr.write(`PostgreSQL suite skipped: no server at ${PG_ADMIN_URL} (${(err as Error).message})\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const name = `ci_triage_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
