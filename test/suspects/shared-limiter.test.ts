import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createSuspectLimiters } from '../../src/suspects/index.ts';
import type { SuspectLimiters } from '../../src/suspects/index.ts';

// The suspect finder's per-installation limiter shared through a real Redis: two "instances" together
// stay inside one limit. Each run uses its own key prefix. Skipped (and said so) without a Redis,
// except when CI_TRIAGE_REQUIRE_REDIS=1 (.ci/run).

const REDIS_URL = process.env.CI_TRIAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch (err) {
    if (process.env.CI_TRIAGE_REQUIRE_REDIS === '1')
      throw new Error(`CI_TRIAGE_REQUIRE_REDIS=1 but Redis at ${REDIS_URL} does not answer`);
    process.stderr.write(`Redis suite skipped: no server at ${REDIS_URL} (${(err as Error).message})\n`);
    return false;
  } finally {
    probe.disconnect();
  }
}

const run = await redisReachable();
const maybe = run ? it : it.skip;

async function peakConcurrency(sets: SuspectLimiters[], installationId: number): Promise<number> {
  let inFlight = 0;
  let peak = 0;
  const task = async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 40));
    inFlight--;
  };
  await Promise.all(
    sets.flatMap((s) => Array.from({ length: 8 }, () => s.forInstallation(installationId).schedule(task))),
  );
  return peak;
}

describe('suspect limiter shared through Redis', () => {
  let sets: SuspectLimiters[] = [];

  afterEach(async () => {
    for (const s of sets) await s.close();
    sets = [];
  });

  maybe('keeps two instances together inside one installation limit', async () => {
    const prefix = `ci-triage-test-${randomBytes(4).toString('hex')}:`;
    sets = [1, 2].map(() => createSuspectLimiters({ redisUrl: REDIS_URL, prefix, maxConcurrent: 2 }));
    await Promise.all(sets.map((s) => s.ready()));

    const shared = await peakConcurrency(sets, 7);

    expect(shared).toBe(2);
  });

  it('limits per process without Redis (each instance alone)', async () => {
    sets = [1, 2].map(() => createSuspectLimiters({ redisUrl: null, maxConcurrent: 2 }));

    const separate = await peakConcurrency(sets, 7);

    expect(separate).toBe(4);
  });
});
