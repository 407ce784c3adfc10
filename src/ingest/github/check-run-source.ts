// A check run of any CI app (CircleCI, Buildkite, Azure Pipelines, ...) read through the Checks API:
// its logs live in the other system, so the evidence is what the check run itself carries: the
// output's title, summary and text, its annotations with their paths and lines, and details_url. The
// run's problems say plainly that only that output could be read.
import type { Octokit } from 'octokit';
import type { LogArtifact, RunEvidence, RunSource } from '../../types.ts';
import { actionsResult } from './actions-map.ts';
import { githubError } from './github-error.ts';

export interface CheckRunTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  checkRunId: number;
  webUrl: string;
}

interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string | null;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url: string | null;
  details_url: string | null;
  app?: { slug?: string | null; name?: string | null } | null;
  output?: { title?: string | null; summary?: string | null; text?: string | null; annotations_count?: number } | null;
  pull_requests?: { number: number; head: { sha: string }; base: { ref: string; sha: string } }[];
}

interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string | null;
  title: string | null;
  message: string;
  raw_details?: string | null;
}

const MAX_TEXT = 256 * 1024;
const MAX_ANNOTATIONS = 100;

async function get<T>(t: CheckRunTarget, route: string, what: string, extra: Record<string, unknown> = {}): Promise<T> {
  try {
    const { data } = await t.octokit.request(route, {
      owner: t.owner,
      repo: t.repo,
      check_run_id: t.checkRunId,
      ...extra,
    });
    return data as T;
  } catch (error) {
    throw githubError(error, what);
  }
}

/** The output as one text artifact: title, summary, text, then `path:line: level: title: message` per annotation. */
export function checkRunText(c: CheckRun, annotations: Annotation[]): string {
  const o = c.output ?? {};
  const parts = [o.title, o.summary, o.text].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  const notes = annotations.map((a) => {
    const where = a.start_line === a.end_line ? `${a.path}:${a.start_line}` : `${a.path}:${a.start_line}-${a.end_line}`;
    const head = [a.annotation_level, a.title].filter(Boolean).join(': ');
    return `${where}: ${head ? `${head}: ` : ''}${a.message}${a.raw_details ? `\n${a.raw_details}` : ''}`;
  });
  return `${[...parts, ...notes].join('\n').slice(0, MAX_TEXT)}\n`;
}

function textArtifact(name: string, text: string): LogArtifact {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    open: async () =>
      (async function* () {
        yield bytes;
      })(),
  };
}

export function createCheckRunSource(t: CheckRunTarget): RunSource {
  const location = `${t.webUrl}/${t.owner}/${t.repo}/runs/${t.checkRunId}`;
  return {
    location,
    history: async () => null,
    async load(): Promise<RunEvidence> {
      const c = await get<CheckRun>(
        t,
        'GET /repos/{owner}/{repo}/check-runs/{check_run_id}',
        `check run ${t.checkRunId}`,
      );
      const annotations =
        (c.output?.annotations_count ?? 0) > 0
          ? await get<Annotation[]>(
              t,
              'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
              `the annotations of check run ${t.checkRunId}`,
              { per_page: MAX_ANNOTATIONS },
            )
          : [];
      const app = c.app?.name ?? c.app?.slug ?? 'another CI app';
      const pr = c.pull_requests?.[0];
      const problems = [
        `only the check run's own output could be read (its title, summary, text and ${annotations.length} annotation${annotations.length === 1 ? '' : 's'}): the logs of ${app} are not read${c.details_url ? `; see ${c.details_url}` : ''}`,
      ];
      return {
        info: {
          job: c.name,
          jobType: 'unknown',
          buildId: String(c.id),
          url: c.details_url ?? c.html_url ?? location,
          result: actionsResult(c.status, c.conclusion),
          startedAt: c.started_at,
          finishedAt: c.completed_at,
          repo: `${t.owner}/${t.repo}`,
          pull: pr?.number ?? null,
          refs: [
            {
              org: t.owner,
              repo: t.repo,
              baseRef: pr?.base.ref ?? null,
              baseSha: pr?.base.sha ?? null,
              pulls: pr ? [{ number: pr.number, sha: pr.head.sha, author: null, title: null }] : [],
            },
          ],
          env: null,
          labels: {},
          image: null,
          commit: c.head_sha,
          jobConfigPath: null,
        },
        logs: [textArtifact('check-run-output.txt', checkRunText(c, annotations))],
        podInfo: null,
        problems,
      };
    },
  };
}
