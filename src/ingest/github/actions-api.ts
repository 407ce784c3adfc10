import type { ActionsTarget } from './actions-target.ts';
import type { WorkflowJob, WorkflowRun } from './actions-map.ts';
import { githubError } from './github-error.ts';

type Repo = Pick<ActionsTarget, 'octokit' | 'owner' | 'repo'>;

export async function fetchRun(target: Repo & { runId: number }): Promise<WorkflowRun> {
  try {
    const { data } = await target.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
      owner: target.owner,
      repo: target.repo,
      run_id: target.runId,
    });
    return data as WorkflowRun;
  } catch (error) {
    throw githubError(error, `run ${target.runId} of ${target.owner}/${target.repo}`);
  }
}

export async function fetchJobs(target: Repo & { runId: number }): Promise<WorkflowJob[]> {
  try {
    const jobs = await target.octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      owner: target.owner,
      repo: target.repo,
      run_id: target.runId,
      filter: 'latest',
      per_page: 100,
    });
    return jobs as WorkflowJob[];
  } catch (error) {
    throw githubError(error, `the jobs of run ${target.runId}`);
  }
}

export async function fetchJob(target: Repo, jobId: number): Promise<WorkflowJob> {
  try {
    const { data } = await target.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      owner: target.owner,
      repo: target.repo,
      job_id: jobId,
    });
    return data as WorkflowJob;
  } catch (error) {
    throw githubError(error, `job ${jobId} of ${target.owner}/${target.repo}`);
  }
}
