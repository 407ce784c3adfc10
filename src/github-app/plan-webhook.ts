import type { NewQueueJob } from '../store/types.ts';
import { commandCandidates } from './comment-command.ts';
import { jobPassedJob, runDedupeKey, triageCommandJob, triageRunJob } from './jobs.ts';
import { parseRunUrl } from './run-url.ts';
import type { RunUrlSettings } from './run-url.ts';
import type { CheckRunEvent, IssueCommentEvent, StatusEvent, WorkflowRunEvent } from './webhook-payloads.ts';

// Webhook -> queue jobs, without I/O. A plan is either jobs to enqueue or the reason to ignore the event;
// `resolveIfFailing` asks the caller to check the store before enqueueing a job-passed (most green
// statuses concern jobs that never failed, and looking up their PRs would cost an API call each).

export interface PlanSettings extends RunUrlSettings {
  maxAttempts: number;
  /** The App-wide command name (CI_TRIAGE_COMMAND), without the slash; a repository may rename it. */
  command?: string;
}

export type Plan =
  | { kind: 'jobs'; jobs: NewQueueJob[] }
  | { kind: 'resolve-if-failing'; repo: string; job: string; queueJob: NewQueueJob }
  | { kind: 'ignore'; reason: string };

const FAILED_CHECK = new Set(['failure', 'timed_out']);

const ignore = (reason: string): Plan => ({ kind: 'ignore', reason });

export function planStatus(e: StatusEvent, s: PlanSettings, now: string): Plan {
  if (!e.installation) return ignore('no installation in the payload');
  if (e.state === 'pending') return ignore('status is pending');
  const link = e.target_url ? parseRunUrl(e.target_url, s) : null;
  if (link?.kind !== 'prow') return ignore('target_url is not a Prow run on a configured host');
  const common = {
    installationId: e.installation.id,
    repo: e.repository.full_name,
    sha: e.sha,
    prs: null,
    job: e.context,
    eventAt: e.updated_at ?? now,
  };
  if (e.state === 'success') return resolveIfFailing(common, s);
  const run = { ...common, url: link.url, trigger: 'status' as const };
  return {
    kind: 'jobs',
    jobs: [triageRunJob(run, runDedupeKey(run.repo, e.sha, e.context, link.buildId), s.maxAttempts)],
  };
}

export function planCheckRun(e: CheckRunEvent, s: PlanSettings, now: string): Plan {
  const c = e.check_run;
  if (e.action !== 'completed') return ignore(`check_run ${e.action}`);
  if (!e.installation) return ignore('no installation in the payload');
  // Actions jobs also arrive as workflow_run; triaging both would post every failure twice.
  if (c.app?.slug === 'github-actions') return ignore('GitHub Actions check runs are handled through workflow_run');
  const prs = c.pull_requests.length > 0 ? c.pull_requests.map((p) => p.number) : null;
  const common = {
    installationId: e.installation.id,
    repo: e.repository.full_name,
    sha: c.head_sha,
    prs,
    job: c.name,
    eventAt: c.completed_at ?? now,
  };
  if (c.conclusion === 'success') return resolveIfFailing(common, s);
  if (!FAILED_CHECK.has(c.conclusion ?? '')) return ignore(`conclusion ${c.conclusion ?? 'none'}`);
  const link = parseRunUrl(c.details_url ?? c.html_url ?? '', s);
  // Any other CI: triaged from the check run's own output (its page on GitHub names it for the engine).
  const url =
    link && link.kind !== 'gcs' ? link.url : `${s.webUrl.replace(/\/+$/, '')}/${e.repository.full_name}/runs/${c.id}`;
  const run = { ...common, url, trigger: 'check_run' as const };
  return {
    kind: 'jobs',
    jobs: [triageRunJob(run, runDedupeKey(run.repo, c.head_sha, c.name, `check-${c.id}`), s.maxAttempts)],
  };
}

export function planWorkflowRun(e: WorkflowRunEvent, s: PlanSettings, now: string): Plan {
  const w = e.workflow_run;
  if (e.action !== 'completed') return ignore(`workflow_run ${e.action}`);
  if (!e.installation) return ignore('no installation in the payload');
  const job = w.name ?? `workflow run ${w.id}`;
  const prs = w.pull_requests.length > 0 ? w.pull_requests.map((p) => p.number) : null;
  const common = {
    installationId: e.installation.id,
    repo: e.repository.full_name,
    sha: w.head_sha,
    prs,
    job,
    eventAt: w.updated_at ?? now,
  };
  if (w.conclusion === 'success') return resolveIfFailing(common, s);
  if (w.conclusion !== 'failure') return ignore(`conclusion ${w.conclusion ?? 'none'}`);
  const link = parseRunUrl(w.html_url, s);
  if (link?.kind !== 'actions') return ignore('html_url is not a GitHub Actions run');
  const run = { ...common, url: link.url, trigger: 'workflow_run' as const };
  const build = `${w.id}/${w.run_attempt ?? 1}`;
  return { kind: 'jobs', jobs: [triageRunJob(run, runDedupeKey(run.repo, w.head_sha, job, build), s.maxAttempts)] };
}

export function planIssueComment(e: IssueCommentEvent, s: PlanSettings): Plan {
  if (e.action !== 'created') return ignore(`issue_comment ${e.action}`);
  if (!e.issue.pull_request) return ignore('comment is on an issue, not a pull request');
  if (e.sender?.type === 'Bot' || e.comment.user.type === 'Bot') return ignore('comment by a bot');
  const candidates = commandCandidates(e.comment.body ?? '');
  if (candidates.length === 0) return ignore("no ci-triage command (Prow's /triage <label> is not one)");
  if (!e.installation) return ignore('no installation in the payload');
  // The App-wide name first: most repositories keep it, and then the processor needs look no further.
  const name = s.command ?? 'triage';
  const mine = candidates.find((c) => c.name === name);
  const p = {
    installationId: e.installation.id,
    repo: e.repository.full_name,
    pr: e.issue.number,
    commentId: e.comment.id,
    user: e.comment.user.login,
    url: mine?.url ?? null,
    candidates,
    eventAt: e.comment.created_at,
  };
  return { kind: 'jobs', jobs: [triageCommandJob(p, s.maxAttempts)] };
}

function resolveIfFailing(
  c: { installationId: number; repo: string; sha: string; prs: number[] | null; job: string; eventAt: string },
  s: PlanSettings,
): Plan {
  return { kind: 'resolve-if-failing', repo: c.repo, job: c.job, queueJob: jobPassedJob(c, s.maxAttempts) };
}
