import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { StoreError } from '../errors.ts';

// BIGINT (epoch-ms queue times, identity ids, COUNT) comes back as text by default; ours fit in a double.
const INT8_OID = 20;

export function createPool(url: string, max: number): Pool {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its server (restart, failover) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` in one transaction on one pooled connection. */
export async function inTx<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function connect(pool: Pool): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    // Unreachable server: transient (it may be restarting), unlike a bad schema.
    throw new StoreError('busy', `cannot reach PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
}

/** Stable 32-bit keys for pg_advisory_*lock, one per purpose. */
export const LOCKS = { migrations: 0x63697401 } as const;
