// The job's definition for an Actions run: the workflow file at the run's head_sha (contents API,
// cached by path and SHA: a history walk reads each commit's file once), parsed, and the job the run's
// job name points at. What changed since the baseline is the definition diff's business (analyze).
import { parse } from 'yaml';
import type { JobDefinition } from '../../types.ts';
import type { ActionsTarget, WorkflowCache } from './actions-target.ts';
import { githubError } from './github-error.ts';

const MAX_BYTES = 512 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function fetchWorkflow(target: ActionsTarget, path: string, sha: string): Promise<Record<string, unknown>> {
  let data: unknown;
  try {
    ({ data } = await target.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: target.owner,
      repo: target.repo,
      path,
      ref: sha,
    }));
  } catch (error) {
    throw githubError(error, `${path} at ${sha.slice(0, 12)}`);
  }
  if (!isRecord(data) || typeof data.content !== 'string' || data.encoding !== 'base64')
    throw new Error(`${path} at ${sha.slice(0, 12)} is not a file`);
  if (typeof data.size === 'number' && data.size > MAX_BYTES) throw new Error(`${path} is larger than 512 KiB`);
  const parsed: unknown = parse(Buffer.from(data.content, 'base64').toString('utf8'), { maxAliasCount: 100 });
  if (!isRecord(parsed) || !isRecord(parsed.jobs)) throw new Error(`${path} has no jobs`);
  return parsed;
}

/** The workflow job a run's job name stands for: its `name:` or id, a matrix `name (a, b)`, a reusable call `name / inner`. */
export function matchWorkflowJob(jobs: Record<string, unknown>, jobName: string): string | null {
  const ids = Object.keys(jobs);
  const display = (id: string): string => {
    const j = jobs[id];
    return isRecord(j) && typeof j.name === 'string' && !j.name.includes('${{') ? j.name : id;
  };
  const fits = (id: string, exact: boolean): boolean => {
    const name = display(id);
    return exact ? jobName === name : jobName.startsWith(`${name} (`) || jobName.startsWith(`${name} / `);
  };
  return ids.find((id) => fits(id, true)) ?? ids.find((id) => fits(id, false)) ?? (ids.length === 1 ? ids[0]! : null);
}

/** The definition of the run's jobs (those named); null (with the reason) when it cannot be read. */
export async function fetchJobDefinition(
  target: ActionsTarget,
  path: string,
  sha: string,
  jobNames: string[],
): Promise<{ definition: JobDefinition | null; problem: string | null }> {
  const cache: WorkflowCache = target.workflows ?? new Map();
  const key = `${path}@${sha}`;
  const pending = cache.get(key) ?? fetchWorkflow(target, path, sha);
  cache.set(key, pending);
  let workflow: Record<string, unknown>;
  try {
    workflow = (await pending) as Record<string, unknown>;
  } catch (error) {
    cache.delete(key);
    const why = error instanceof Error ? error.message : String(error);
    return { definition: null, problem: `the workflow file could not be read (${why}): no definition diff` };
  }
  const jobs = workflow.jobs as Record<string, unknown>;
  const matched = jobNames.map((name) => matchWorkflowJob(jobs, name));
  const jobIds = [...new Set(matched.filter((id) => id !== null))];
  if (jobIds.length === 0 && jobNames.length > 0)
    return {
      definition: null,
      problem: `no job of ${path} matches ${jobNames.map((n) => `"${n}"`).join(', ')}: no definition diff`,
    };
  const top = Object.fromEntries(
    ['env', 'permissions', 'concurrency', 'defaults'].filter((k) => k in workflow).map((k) => [k, workflow[k]]),
  );
  return {
    definition: { source: key, format: 'actions-workflow', fields: { jobIds, jobs, workflow: top } },
    problem: null,
  };
}
