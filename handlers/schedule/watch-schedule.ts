import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { AppConfig } from '../../src/config/index.ts';
import type { Worker } from '../../src/queue/index.ts';
import type { Store } from '../../src/store/index.ts';
import { runWatchTick } from '../../src/watch/index.ts';
import type { WatchLimits, WatchOutcome, WatchScope } from '../../src/watch/index.ts';

// Cron ticks -> one watcher tick over the configured periodic jobs (src/watch). croner's `protect`
// skips a tick while the previous one still runs; failed runs go to the App's queue worker.

export interface WatcherOptions {
  watch: NonNullable<AppConfig['watch']>;
  config: AppConfig;
  store: Store;
  worker: Worker;
  log: Logger;
  scope: () => Promise<WatchScope>;
  /** GCS access for the watched buckets (built by the composition root). */
  bucket: Parameters<typeof runWatchTick>[0]['bucket'];
  limits?: Partial<WatchLimits>;
}

export interface Watcher {
  /** What one cron tick does; exposed for tests and manual runs. */
  tick(): Promise<WatchOutcome[]>;
  nextRun(): Date | null;
  stop(): void;
}

export function startWatcher(o: WatcherOptions): Watcher {
  const log = o.log.child({ name: 'watch' });
  const deps = {
    store: o.store,
    bucket: o.bucket,
    scope: o.scope,
    prowUrl: o.config.triage.prowUrls[0] ?? 'https://prow.k8s.io',
    owner: o.worker.owner,
    maxAttempts: o.config.queue.maxAttempts,
    clock: () => new Date(),
    wake: () => o.worker.wake(),
    log,
    limits: o.limits,
  };
  const tick = () => runWatchTick(deps, o.watch.jobs);
  const job = new Cron(o.watch.cron, { timezone: 'UTC', protect: true, unref: true }, async () => {
    try {
      await tick();
    } catch (err) {
      log.error({ err }, 'watch tick failed');
    }
  });
  log.info(
    { cron: o.watch.cron, jobs: o.watch.jobs.map((t) => t.key), next: job.nextRun()?.toISOString() ?? null },
    'watching periodic jobs',
  );
  return { tick, nextRun: () => job.nextRun(), stop: () => job.stop() };
}
