import type { Probot } from 'probot';
import type { Intake } from '../../src/github-app/index.ts';

/** Commit statuses: Prow reports each job as one, context = job name, target_url = its Deck page. */
export function onStatus(app: Probot, intake: Intake): void {
  app.on('status', async (context) => {
    const result = await intake.status(context.id, context.payload);
    context.log.info(
      { event: 'status', state: context.payload.state, job: context.payload.context, ...result },
      'webhook handled',
    );
  });
}
