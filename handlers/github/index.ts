import type { ApplicationFunction } from 'probot';
import type { Intake } from '../../src/github-app/index.ts';
import { onCheckRun } from './check-run.ts';
import { onIssueComment } from './issue-comment.ts';
import { onStatus } from './status.ts';
import { onWorkflowRun } from './workflow-run.ts';

/** The probot app: one listener per event, each handing the payload to the intake. */
export function githubAppFunction(intake: Intake): ApplicationFunction {
  return (app) => {
    onStatus(app, intake);
    onCheckRun(app, intake);
    onWorkflowRun(app, intake);
    onIssueComment(app, intake);
  };
}
