// The commits between the baseline's head and the red run's head (GitHub's compare API) that touched
// the job's definition: workflow files, composite actions, the scripts its steps run. Only those
// commits' own patches are read (one request each, newest first, capped). Never throws: a failed
// request becomes a note. For a PR's first run against a base-branch baseline the range is the base
// branch's commits up to the merge base plus the PR's own commits, as compare lists them.
import type { Suspect } from '../types.ts';
import type { SuspectsOctokit } from './github-requests.ts';
import type { ChangeToken } from './types.ts';
import { type CommitDetail, isDefinitionFile, scoreWorkflowCommit } from './workflow-commit-score.ts';

export interface WorkflowCommitQuery {
  repo: string;
  base: string;
  head: string;
  tokens: ChangeToken[];
  /** Files the job's steps run (`./scripts/test.sh`), from its `run:` lines. */
  scripts: string[];
  webUrl: string;
}

const MAX_COMMITS = 20;

interface RawCommit {
  sha: string;
  html_url: string;
  commit: { message: string; author?: { name?: string; date?: string } | null; committer?: { date?: string } | null };
  author?: { login?: string } | null;
  files?: { filename: string; patch?: string }[];
}

function detailOf(c: RawCommit): CommitDetail {
  return {
    sha: c.sha,
    url: c.html_url,
    message: c.commit.message,
    author: c.author?.login ?? c.commit.author?.name ?? null,
    date: c.commit.committer?.date ?? c.commit.author?.date ?? '',
    files: (c.files ?? []).map((f) => ({ filename: f.filename, patch: f.patch ?? null })),
  };
}

export async function findWorkflowCommits(
  octokit: SuspectsOctokit,
  q: WorkflowCommitQuery,
): Promise<{ suspects: Suspect[]; note: string | null }> {
  const [owner, repo] = q.repo.split('/') as [string, string];
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner,
      repo,
      basehead: `${q.base}...${q.head}`,
      per_page: 100,
    });
    const touched = (data.files ?? []).some((f) => isDefinitionFile(f.filename, q.scripts));
    if (!touched || q.tokens.length === 0) return { suspects: [], note: null };
    const commits = [...(data.commits as RawCommit[])].reverse().slice(0, MAX_COMMITS);
    const suspects: Suspect[] = [];
    for (const c of commits) {
      const { data: full } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner,
        repo,
        ref: c.sha,
      });
      const s = scoreWorkflowCommit(detailOf(full as RawCommit), q.tokens, q.repo, q.webUrl, q.scripts);
      if (s) suspects.push(s);
    }
    const more =
      data.commits.length > MAX_COMMITS ? `; read the newest ${MAX_COMMITS} of ${data.commits.length} commits` : '';
    return { suspects, note: more ? `workflow commits${more}` : null };
  } catch (error) {
    const status = (error as { status?: number }).status;
    return {
      suspects: [],
      note: `workflow commits unavailable: GitHub answered ${status ?? 'with an error'} for the compare of ${q.base.slice(0, 7)}...${q.head.slice(0, 7)}`,
    };
  }
}

/** Script paths a job's `run:` lines name (`./scripts/e2e.sh`, `bash hack/verify.sh`). */
export function scriptsOf(runs: string[]): string[] {
  const out = new Set<string>();
  for (const r of runs)
    for (const m of r.matchAll(/(?:^|\s)\.?\/?([\w.-]+(?:\/[\w.-]+)*\.(?:sh|py|ps1|js|ts|mjs|rb|pl))\b/g))
      out.add(m[1]!);
  return [...out].slice(0, 20);
}
