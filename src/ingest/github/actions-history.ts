import type { HistoryEntry, RunSource } from '../../types.ts';
import { actionsResult, type WorkflowRun } from './actions-map.ts';
import type { ActionsTarget } from './actions-target.ts';
import { fetchJob } from './actions-api.ts';
import { githubError } from './github-error.ts';
import { findBaseBranchBaseline } from './base-branch-baseline.ts';

/**
 * Earlier runs of the same workflow on the same branch, newest first. Results are run-level conclusions
 * (one request), even for a job source; loading an entry reads the job with the same name.
 */
export async function listActionsHistory(
  target: ActionsTarget,
  run: WorkflowRun,
  makeSource: (target: ActionsTarget) => RunSource,
): Promise<HistoryEntry[]> {
  const query = {
    owner: target.owner,
    repo: target.repo,
    workflow_id: run.workflow_id,
    per_page: Math.min(100, Math.max(1, target.historyLimit)),
    ...(run.head_branch === null ? {} : { branch: run.head_branch }),
  };
  let runs: WorkflowRun[];
  try {
    const { data } = await target.octokit.request(
      'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      query,
    );
    runs = data.workflow_runs as WorkflowRun[];
  } catch (error) {
    throw githubError(error, `the runs of workflow ${run.workflow_id}`);
  }
  const jobName = target.jobId === null ? target.jobName : (await fetchJob(target, target.jobId)).name;
  const entry = (other: WorkflowRun, note?: string): HistoryEntry => ({
    buildId: String(other.id),
    startedAt: other.run_started_at ?? other.created_at,
    finishedAt: other.status === 'completed' ? other.updated_at : null,
    result: actionsResult(other.status, other.conclusion),
    url: other.html_url,
    source: makeSource({ ...target, runId: other.id, jobId: null, jobName, webUrl: other.html_url }),
    ...(note ? { note } : {}),
  });
  const older = runs
    .filter((other) => other.id < run.id)
    .sort((a, b) => b.id - a.id)
    .slice(0, target.historyLimit);
  if (older.some((o) => actionsResult(o.status, o.conclusion) === 'SUCCESS')) return older.map((o) => entry(o));
  // No green run on the PR's own branch (its first run, most often): fall back to the base branch.
  const base = await findBaseBranchBaseline(target, run);
  return [...older.map((o) => entry(o)), ...(base ? [entry(base.run, base.note)] : [])];
}
