import type { LogArtifact, RunEvidence, RunSource } from '../../types.ts';
import type { ActionsTarget } from './actions-target.ts';
import { actionsRunInfo, isFailedJob, type WorkflowJob, type WorkflowRun } from './actions-map.ts';
import { listActionsHistory } from './actions-history.ts';
import { fetchJob, fetchJobs, fetchRun } from './actions-api.ts';
import { openJobLog } from './job-logs.ts';
import { fetchJobDefinition } from './workflow-definition.ts';

/** A GitHub Actions run (or one job of it) read through the REST API. */
export function createActionsSource(target: ActionsTarget): RunSource {
  let run: Promise<WorkflowRun> | null = null;
  // Shared by load() and history(); a failed fetch is forgotten so a later call can retry.
  const getRun = () =>
    (run ??= fetchRun(target).catch((error: unknown) => {
      run = null;
      throw error;
    }));
  return {
    location: target.webUrl,
    load: () => loadActionsRun(target, getRun),
    history: async () => listActionsHistory(target, await getRun(), createActionsSource),
  };
}

async function loadActionsRun(target: ActionsTarget, getRun: () => Promise<WorkflowRun>): Promise<RunEvidence> {
  const problems: string[] = [];
  const [run, jobs] = await Promise.all([getRun(), fetchJobs(target)]);
  // A job of an earlier attempt is not in the latest jobs list: ask for it directly.
  const job =
    target.jobId === null
      ? null
      : (jobs.find((candidate) => candidate.id === target.jobId) ?? (await fetchJob(target, target.jobId)));
  const chosen = pickJobs(target, jobs, job);
  if (chosen.length > target.maxArtifacts) {
    problems.push(`kept the logs of ${target.maxArtifacts} of ${chosen.length} jobs`);
  }
  if (run.status !== 'completed')
    problems.push(`the run is still ${run.status ?? 'running'}; its logs may be incomplete`);
  if (chosen.length === 0) problems.push('the run has no jobs with logs');
  const logs: LogArtifact[] = chosen.slice(0, target.maxArtifacts).map((entry) => ({
    name: `${entry.name}.log`,
    size: null,
    open: () => openJobLog({ ...target, jobId: entry.id }),
  }));
  const named = job ?? (target.jobName === null ? null : (chosen[0] ?? null));
  const info = actionsRunInfo(target.owner, target.repo, run, named);
  if (info.jobConfigPath !== null) {
    const names = chosen.slice(0, target.maxArtifacts).map((j) => j.name);
    const read = await fetchJobDefinition(target, info.jobConfigPath, run.head_sha, names);
    info.definition = read.definition;
    if (read.problem) problems.push(read.problem);
  }
  return { info, logs, podInfo: null, problems };
}

/** The named job; else the failed jobs; else every job (a green baseline needs its logs too). */
function pickJobs(target: ActionsTarget, jobs: WorkflowJob[], job: WorkflowJob | null): WorkflowJob[] {
  if (job !== null) return [job];
  if (target.jobName !== null) return jobs.filter((candidate) => candidate.name === target.jobName);
  const failed = jobs.filter(isFailedJob);
  return failed.length > 0 ? failed : jobs;
}
