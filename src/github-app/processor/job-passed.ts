import type { JobHandler } from '../../queue/index.ts';
import { listOpenPullsForCommit } from '../github-reads.ts';
import { JOB_KINDS, commentSyncJob, jobPassedSchema, parsePayload } from '../jobs.ts';
import type { AppServices } from './services.ts';
import { enqueueFollowUps } from './services.ts';

/** A job that failed on a PR passed: its entry moves to "resolved" and the comment is re-rendered. */
export function jobPassedHandler(s: AppServices): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(jobPassedSchema, payload, JOB_KINDS.jobPassed);
      const prs = p.prs ?? (await listOpenPullsForCommit(await s.github(p.installationId), p.repo, p.sha));
      const now = s.clock().toISOString();
      const moved: number[] = [];
      for (const pr of prs) {
        if (await s.store.resolvePrJob(p.repo, pr, p.job, p.eventAt, now)) moved.push(pr);
      }
      if (moved.length > 0) log.info({ repo: p.repo, job: p.job, prs: moved }, 'job passed again');
      await enqueueFollowUps(
        s,
        moved.map((pr) =>
          commentSyncJob({ installationId: p.installationId, repo: p.repo, pr }, s.settings.maxAttempts),
        ),
      );
    },
  };
}
