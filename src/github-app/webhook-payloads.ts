import { z } from 'zod';
import { isRepoFullName } from '../config/repo-name.ts';

// The parts of GitHub's webhook payloads the app reads, checked at the edge. Everything else in the
// payload is ignored (zod strips it), so new fields from GitHub do not break us.

const repository = z.object({ full_name: z.string().refine(isRepoFullName, 'not an owner/name repository') });
const installation = z.object({ id: z.number().int().positive() }).nullish();
const pulls = z.array(z.object({ number: z.number().int().positive() })).default([]);

export const statusEventSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i),
  state: z.enum(['pending', 'success', 'failure', 'error']),
  context: z.string().min(1),
  target_url: z.string().nullish(),
  updated_at: z.string().nullish(),
  created_at: z.string().nullish(),
  repository,
  installation,
});

export const checkRunEventSchema = z.object({
  action: z.string(),
  check_run: z.object({
    id: z.number().int(),
    name: z.string().min(1),
    head_sha: z.string().min(7),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    details_url: z.string().nullish(),
    html_url: z.string().nullish(),
    completed_at: z.string().nullish(),
    app: z.object({ slug: z.string().nullish() }).nullish(),
    pull_requests: pulls,
  }),
  repository,
  installation,
});

export const workflowRunEventSchema = z.object({
  action: z.string(),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    head_sha: z.string().min(7),
    conclusion: z.string().nullish(),
    html_url: z.string(),
    run_attempt: z.number().int().nullish(),
    updated_at: z.string().nullish(),
    pull_requests: pulls,
  }),
  repository,
  installation,
});

export const issueCommentEventSchema = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).passthrough().nullish() }),
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    created_at: z.string(),
    user: z.object({ login: z.string(), type: z.string().nullish() }),
  }),
  sender: z.object({ type: z.string().nullish() }).nullish(),
  repository,
  installation,
});

export type StatusEvent = z.infer<typeof statusEventSchema>;
export type CheckRunEvent = z.infer<typeof checkRunEventSchema>;
export type WorkflowRunEvent = z.infer<typeof workflowRunEventSchema>;
export type IssueCommentEvent = z.infer<typeof issueCommentEventSchema>;
