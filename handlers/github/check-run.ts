import type { Probot } from 'probot';
import type { Intake } from '../../src/github-app/index.ts';

/** Completed check runs of CI systems other than GitHub Actions (those arrive as workflow_run). */
export function onCheckRun(app: Probot, intake: Intake): void {
  app.on('check_run.completed', async (context) => {
    const result = await intake.checkRun(context.id, context.payload);
    context.log.info({ event: 'check_run', job: context.payload.check_run.name, ...result }, 'webhook handled');
  });
}
