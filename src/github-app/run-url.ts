import { githubWebUrl } from '../config/github-web-url.ts';
import { parseRunRef } from '../ingest/index.ts';

// Which links name a run we can triage, read by the one run-reference parser (src/ingest/run-ref.ts).
// Prow posts statuses whose target_url is its Deck "view" page (`<deck>/view/gs/<bucket>/<path>/<job>/<build>`);
// GitHub Actions runs live under the web host. Links elsewhere (other CI systems, coverage bots, other
// decks' pages) are not ours to triage and are ignored.

export interface RunUrlSettings {
  /** Deck base URLs, e.g. https://prow.k8s.io (a path prefix is allowed). */
  prowUrls: string[];
  /** GitHub web host, e.g. https://github.com or https://ghes.example.com. */
  webUrl: string;
}

export type RunLink =
  | { kind: 'prow'; url: string; job: string; buildId: string }
  | { kind: 'actions'; url: string; repo: string; runId: string; jobId: string | null }
  | { kind: 'gcs'; url: string; job: string | null; buildId: string | null };

export function parseRunUrl(raw: string, settings: RunUrlSettings): RunLink | null {
  // No GCS endpoint here: object URLs are not links the App follows.
  const parsed = parseRunRef(raw, { gcsUrl: '', prowUrls: settings.prowUrls, githubWebUrl: settings.webUrl });
  if (parsed.ok !== true) return null;
  const r = parsed.ref;
  if (r.kind === 'actions')
    return { kind: 'actions', url: r.url, repo: `${r.owner}/${r.repo}`, runId: r.runId, jobId: r.jobId };
  if (r.via === 'gs') return { kind: 'gcs', url: r.url, job: r.job, buildId: r.buildId };
  if (r.via === 'deck' && r.job && r.buildId) return { kind: 'prow', url: r.url, job: r.job, buildId: r.buildId };
  return null;
}

/** GitHub's web host for an API base URL: the shared helper in src/config. */
export const webUrlFromApiUrl = (apiUrl: string): string => githubWebUrl(apiUrl);
