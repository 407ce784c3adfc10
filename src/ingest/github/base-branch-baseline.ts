// A PR's first run has no green run on its own branch. Its baseline is then the last green run of the
// same workflow on the PR's base branch whose head commit is at or before the merge base: the code the
// PR started from, passing. The suspect window then spans the base branch's commits up to the merge
// base and the PR's own commits. Null when there is none (a new workflow) or the PR is unknown (fork PRs
// arrive without `pull_requests`).
import type { WorkflowRun } from './actions-map.ts';
import type { ActionsTarget } from './actions-target.ts';
import { githubError } from './github-error.ts';

export interface BaseBaseline {
  run: WorkflowRun;
  note: string;
}

interface MergeBase {
  sha: string;
  date: string;
}

async function mergeBaseOf(target: ActionsTarget, base: string, head: string): Promise<MergeBase> {
  try {
    const { data } = await target.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: target.owner,
      repo: target.repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    const c = data.merge_base_commit;
    return { sha: c.sha, date: c.commit.committer?.date ?? c.commit.author?.date ?? '' };
  } catch (error) {
    throw githubError(error, `the merge base of ${base} and ${head.slice(0, 12)}`);
  }
}

export async function findBaseBranchBaseline(target: ActionsTarget, run: WorkflowRun): Promise<BaseBaseline | null> {
  const pr = run.pull_requests?.[0];
  if (!pr || pr.base.ref === run.head_branch) return null;
  const mergeBase = await mergeBaseOf(target, pr.base.ref, run.head_sha);
  let runs: WorkflowRun[];
  try {
    const { data } = await target.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      owner: target.owner,
      repo: target.repo,
      workflow_id: run.workflow_id,
      branch: pr.base.ref,
      status: 'success',
      per_page: Math.min(100, Math.max(1, target.historyLimit)),
    });
    runs = data.workflow_runs as WorkflowRun[];
  } catch (error) {
    throw githubError(error, `the runs of workflow ${run.workflow_id} on ${pr.base.ref}`);
  }
  const at = Date.parse(mergeBase.date);
  const fits = (r: WorkflowRun): boolean =>
    r.conclusion === 'success' &&
    (r.head_sha === mergeBase.sha || Date.parse(r.head_commit?.timestamp ?? r.created_at) <= at);
  const chosen = runs.filter(fits).sort((a, b) => b.id - a.id)[0];
  if (!chosen) return null;
  const exact = chosen.head_sha === mergeBase.sha ? 'at' : 'before';
  return {
    run: chosen,
    note: `The PR's branch ${run.head_branch ?? ''} has no green run of this workflow, so the baseline is the last green run on the base branch ${pr.base.ref} ${exact} the merge base ${mergeBase.sha.slice(0, 7)} (run ${chosen.id})`,
  };
}
