import { Cron } from 'croner';
import type { Logger } from 'pino';

// Cron ticks -> the digest run. croner's `protect` skips a tick while the previous one still runs;
// the tick's scheduled time (not "now") is handed on, so instances firing a little apart agree on it.

export interface DigestScheduleOptions {
  cron: string;
  timezone: string;
  run: (tick: Date) => Promise<void>;
  log: Logger;
}

export interface DigestSchedule {
  nextRun(): Date | null;
  stop(): void;
}

export function startDigestSchedule(o: DigestScheduleOptions): DigestSchedule {
  const job = new Cron(o.cron, { timezone: o.timezone, protect: true, unref: true }, async (self) => {
    const tick = self.currentRun() ?? new Date();
    try {
      await o.run(tick);
    } catch (err) {
      o.log.error({ err, tick: tick.toISOString() }, 'scheduled digest failed');
    }
  });
  o.log.info(
    { cron: o.cron, timezone: o.timezone, next: job.nextRun()?.toISOString() ?? null },
    'digest schedule started',
  );
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
