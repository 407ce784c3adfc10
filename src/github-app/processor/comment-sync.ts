import { deliverPrComment } from '../../deliver/github/index.ts';
import type { JobHandler } from '../../queue/index.ts';
import { COMMENT_MARKER, renderPrComment } from '../../render/github/index.ts';
import type { PrCommentState } from '../../render/github/index.ts';
import { JOB_KINDS, commentSyncSchema, parsePayload } from '../jobs.ts';
import type { AppServices } from './services.ts';

/** Renders the PR's stored state and creates or edits its one comment; the queue runs one per PR at a time. */
export function commentSyncHandler(s: AppServices): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(commentSyncSchema, payload, JOB_KINDS.commentSync);
      const record = await s.store.loadPrComment(p.repo, p.pr);
      if (record.jobs.length === 0) return;
      const state: PrCommentState = { repo: p.repo, pr: p.pr, jobs: record.jobs, configNote: record.configNote };
      const body = renderPrComment(state, { now: s.clock() });
      const client = await s.github(p.installationId);
      const result = await deliverPrComment({
        client,
        repo: p.repo,
        pr: p.pr,
        body,
        marker: COMMENT_MARKER,
        knownCommentId: record.commentId,
        dryRun: s.settings.dryRun,
        log,
      });
      if (result.commentId !== null && result.commentId !== record.commentId)
        await s.store.savePrCommentId(p.repo, p.pr, result.commentId);
      log.info({ repo: p.repo, pr: p.pr, action: result.action, commentId: result.commentId }, 'PR comment delivered');
    },
  };
}
