import type { z } from 'zod';
import type { Store } from '../store/types.ts';
import { planCheckRun, planIssueComment, planStatus, planWorkflowRun } from './plan-webhook.ts';
import type { Plan, PlanSettings } from './plan-webhook.ts';
import {
  checkRunEventSchema,
  issueCommentEventSchema,
  statusEventSchema,
  workflowRunEventSchema,
} from './webhook-payloads.ts';

// What a webhook handler calls: check the payload, plan, persist the jobs (with the delivery id, in one
// transaction) and return. Nothing here talks to GitHub, so the webhook is answered in milliseconds.

export interface IntakeResult {
  outcome: 'enqueued' | 'duplicate' | 'ignored';
  reason: string;
  jobs: number;
}

export interface IntakeDeps {
  store: Pick<Store, 'enqueue' | 'hasFailingJob'>;
  settings: PlanSettings;
  /** Tells the worker there is new work. */
  wake: () => void;
  now?: () => number;
}

export interface Intake {
  status(deliveryId: string, payload: unknown): Promise<IntakeResult>;
  checkRun(deliveryId: string, payload: unknown): Promise<IntakeResult>;
  workflowRun(deliveryId: string, payload: unknown): Promise<IntakeResult>;
  issueComment(deliveryId: string, payload: unknown): Promise<IntakeResult>;
}

export function createIntake(deps: IntakeDeps): Intake {
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const accept = async <T>(
    event: string,
    deliveryId: string,
    schema: z.ZodType<T>,
    payload: unknown,
    plan: (e: T) => Plan,
  ): Promise<IntakeResult> => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
      return { outcome: 'ignored', reason: `payload not understood (${fields})`, jobs: 0 };
    }
    return enqueue(event, deliveryId, plan(parsed.data));
  };

  async function enqueue(event: string, deliveryId: string, plan: Plan): Promise<IntakeResult> {
    if (plan.kind === 'ignore') return { outcome: 'ignored', reason: plan.reason, jobs: 0 };
    const jobs = plan.kind === 'jobs' ? plan.jobs : [plan.queueJob];
    if (plan.kind === 'resolve-if-failing' && !(await deps.store.hasFailingJob(plan.repo, plan.job))) {
      return { outcome: 'ignored', reason: 'job is not failing on any PR', jobs: 0 };
    }
    const r = await deps.store.enqueue({ jobs, delivery: { id: deliveryId, event }, now: now() });
    if (r.duplicateDelivery) return { outcome: 'duplicate', reason: 'delivery seen before', jobs: 0 };
    if (r.enqueued.length === 0) return { outcome: 'duplicate', reason: 'run already triaged or queued', jobs: 0 };
    deps.wake();
    return { outcome: 'enqueued', reason: plan.kind === 'jobs' ? 'failure' : 'job passed', jobs: r.enqueued.length };
  }

  return {
    status: (id, payload) =>
      accept('status', id, statusEventSchema, payload, (e) => planStatus(e, deps.settings, iso())),
    checkRun: (id, payload) =>
      accept('check_run', id, checkRunEventSchema, payload, (e) => planCheckRun(e, deps.settings, iso())),
    workflowRun: (id, payload) =>
      accept('workflow_run', id, workflowRunEventSchema, payload, (e) => planWorkflowRun(e, deps.settings, iso())),
    issueComment: (id, payload) =>
      accept('issue_comment', id, issueCommentEventSchema, payload, (e) => planIssueComment(e, deps.settings)),
  };
}
