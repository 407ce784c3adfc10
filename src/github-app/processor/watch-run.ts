import type { JobHandler } from '../../queue/index.ts';
import { WATCH_RUN_KIND, watchRunSchema } from '../../watch/index.ts';
import { parsePayload } from '../jobs.ts';
import type { AppServices } from './services.ts';
import { afterTriaged, errorText } from './services.ts';

// A failed run of a watched periodic job (src/watch): the engine, the saved triage, and the same
// follow-up jobs the App's own triages enqueue (Slack alerts). There is no PR to comment on.

export function watchRunHandler(s: AppServices): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(watchRunSchema, payload, WATCH_RUN_KIND);
      const key = { target: p.target, buildId: p.buildId };
      // A retry after a crash between saving and completing must not save (and alert) it twice.
      if ((await s.store.getWatchBuild(key))?.state === 'triaged')
        return log.info({ job: p.job, buildId: p.buildId }, 'watched run already triaged');

      const triage = await s.triageFor({ installationId: p.installationId, repo: p.repo });
      const report = await triage({ source: p.source, suspects: true });
      const triageId = await s.store.saveTriage({ repo: null, trigger: 'watch', report });
      // Alerts are enqueued before the build is settled: a crash in between triages it again, and the
      // alerts' dedupe keys (channel and run) keep them to one.
      await afterTriaged(s, { report, repo: null, triageId }, true, log);
      await s.store.settleWatchBuild(key, { state: 'triaged', result: report.run.result });
      log.info({ job: p.job, buildId: p.buildId, findings: report.findings.length }, 'watched run triaged');
    },

    // Kept visible in the watch store; the build is not picked up again (its claim is settled).
    async onGiveUp(payload, error) {
      const parsed = watchRunSchema.safeParse(payload);
      if (!parsed.success) return;
      await s.store.settleWatchBuild(
        { target: parsed.data.target, buildId: parsed.data.buildId },
        { state: 'failed', error: errorText(error) },
      );
    },
  };
}
