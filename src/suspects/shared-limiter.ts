// The suspect finder's GitHub limiter, one per installation. With Redis (REDIS_URL) it is bottleneck's
// clustered limiter: every instance schedules through the same Redis keys, so N instances together keep
// to one installation's concurrency and pace instead of N times it. Without Redis, one per process.
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';

export interface SuspectLimiterOptions {
  redisUrl: string | null;
  /** Key prefix, so deployments (and test runs) sharing one Redis do not share limits. */
  prefix?: string;
  /** File listings in flight per installation, across all instances. */
  maxConcurrent?: number;
  /** Least time between two requests' starts per installation (ms). */
  minTime?: number;
}

export interface SuspectLimiters {
  forInstallation(installationId: number): Bottleneck;
  /** Connected to Redis (always true without it). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export function createSuspectLimiters(o: SuspectLimiterOptions): SuspectLimiters {
  const client = o.redisUrl ? new Redis(o.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  const connection = client ? new Bottleneck.IORedisConnection({ client }) : null;
  connection?.on('error', () => undefined);
  const limiters = new Map<number, Bottleneck>();
  return {
    forInstallation(installationId) {
      let limiter = limiters.get(installationId);
      if (!limiter) {
        limiter = new Bottleneck({
          maxConcurrent: o.maxConcurrent ?? 4,
          minTime: o.minTime ?? 0,
          ...(connection
            ? {
                id: `${o.prefix ?? 'ci-triage:'}suspects:${installationId}`,
                datastore: 'ioredis',
                connection,
                clearDatastore: false,
              }
            : {}),
        });
        limiters.set(installationId, limiter);
      }
      return limiter;
    },
    async ready() {
      if (!connection) return true;
      await connection.ready;
      return true;
    },
    async close() {
      limiters.clear();
      // The connection holds the client and a duplicate for pub/sub: closing it closes both.
      if (connection) await connection.disconnect(false);
    },
  };
}
