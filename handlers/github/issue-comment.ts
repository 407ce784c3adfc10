import type { Probot } from 'probot';
import type { Intake } from '../../src/github-app/index.ts';

/** `/triage` and `/triage <run-url>` on pull requests; access is checked by the queued job. */
export function onIssueComment(app: Probot, intake: Intake): void {
  app.on('issue_comment.created', async (context) => {
    const result = await intake.issueComment(context.id, context.payload);
    if (result.outcome !== 'ignored')
      context.log.info(
        { event: 'issue_comment', user: context.payload.comment.user?.login, ...result },
        'webhook handled',
      );
  });
}
