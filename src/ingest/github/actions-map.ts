import type { RunInfo, RunRef, RunResult } from '../../types.ts';

/** The fields of a workflow run we read (GitHub REST `GET /repos/{o}/{r}/actions/runs/{id}`). */
export interface WorkflowRun {
  id: number;
  name?: string | null;
  workflow_id: number;
  head_branch: string | null;
  head_sha: string;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
  path?: string;
  head_commit?: { id: string; timestamp: string } | null;
  pull_requests?: { number: number; head: { ref: string; sha: string }; base: { ref: string; sha: string } }[] | null;
}

/** The fields of a workflow job we read. */
export interface WorkflowJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  started_at: string;
  completed_at: string | null;
}

/** GitHub's run/job status + conclusion as a Prow-like result. */
export function actionsResult(status: string | null, conclusion: string | null): RunResult {
  if (status !== null && status !== 'completed') return 'PENDING';
  switch (conclusion) {
    case 'success':
      return 'SUCCESS';
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'FAILURE';
    case 'cancelled':
      return 'ABORTED';
    default:
      return 'UNKNOWN';
  }
}

export function isFailedJob(job: WorkflowJob): boolean {
  return actionsResult(job.status, job.conclusion) === 'FAILURE';
}

/** RunInfo of a run, or of one of its jobs when `job` is given. */
export function actionsRunInfo(owner: string, repo: string, run: WorkflowRun, job: WorkflowJob | null): RunInfo {
  const workflow = run.name ?? `workflow ${run.workflow_id}`;
  const pr = run.pull_requests?.[0];
  const ref: RunRef = {
    org: owner,
    repo,
    baseRef: pr?.base.ref ?? run.head_branch,
    baseSha: pr?.base.sha ?? null,
    pulls: pr ? [{ number: pr.number, sha: pr.head.sha, author: null, title: null }] : [],
  };
  const completed = run.status === 'completed';
  return {
    job: job === null ? workflow : `${workflow} / ${job.name}`,
    jobType: 'workflow',
    buildId: String(run.id),
    url: job?.html_url ?? run.html_url,
    result: job === null ? actionsResult(run.status, run.conclusion) : actionsResult(job.status, job.conclusion),
    startedAt: job?.started_at ?? run.run_started_at ?? run.created_at,
    finishedAt: job === null ? (completed ? run.updated_at : null) : job.completed_at,
    repo: `${owner}/${repo}`,
    pull: pr?.number ?? null,
    refs: [ref],
    env: null,
    labels: {},
    image: null,
    commit: run.head_sha,
    // Reusable workflows report `path@ref`; only the path names the file.
    jobConfigPath: run.path ? run.path.replace(/@.*$/, '') : null,
  };
}
