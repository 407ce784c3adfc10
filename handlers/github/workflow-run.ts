import type { Probot } from 'probot';
import type { Intake } from '../../src/github-app/index.ts';

/** Completed GitHub Actions workflow runs. */
export function onWorkflowRun(app: Probot, intake: Intake): void {
  app.on('workflow_run.completed', async (context) => {
    const result = await intake.workflowRun(context.id, context.payload);
    context.log.info({ event: 'workflow_run', job: context.payload.workflow_run.name, ...result }, 'webhook handled');
  });
}
