import { githubWebUrl } from '../config/github-web-url.ts';
import { parseActionsPath } from '../ingest/actions-path.ts';
import { decodeSegment, hasDotSegment, rawPathHasDots } from '../ingest/safe-segments.ts';

// Which links name a run we can triage. Prow posts statuses whose target_url is its Deck "view" page
// (`<deck>/view/gs/<bucket>/<path>/<job>/<build>`); GitHub Actions runs live under the web host. Links
// elsewhere (other CI systems, coverage bots) are not ours to triage and are ignored.

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

const VIEW_STORAGE = new Set(['gs', 'gcs', 's3']);

export function parseRunUrl(raw: string, settings: RunUrlSettings): RunLink | null {
  const text = raw.trim();
  if (text.startsWith('gs://')) return parseGcsPath(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (rawPathHasDots(text)) return null;
  for (const base of settings.prowUrls) {
    const rest = pathUnder(url, base);
    if (rest !== null) return parseProwView(url, rest);
  }
  const rest = pathUnder(url, settings.webUrl);
  return rest === null ? null : parseActions(url, rest);
}

/** The path segments after `base` when `url` is on the same origin and under its path. */
function pathUnder(url: URL, base: string): string[] | null {
  let b: URL;
  try {
    b = new URL(base);
  } catch {
    return null;
  }
  if (b.origin !== url.origin) return null;
  const prefix = b.pathname.split('/').filter(Boolean);
  const raw = url.pathname.split('/').filter(Boolean);
  if (hasDotSegment(raw)) return null;
  const segments = raw.map(decodeSegment);
  if (!prefix.every((p, i) => segments[i] === p)) return null;
  return segments.slice(prefix.length);
}

function parseProwView(url: URL, rest: string[]): RunLink | null {
  // view/<storage>/<bucket>/<path...>/<job>/<build>
  if (rest[0] !== 'view' || !VIEW_STORAGE.has(rest[1] ?? '') || rest.length < 5) return null;
  const buildId = rest.at(-1) ?? '';
  const job = rest.at(-2) ?? '';
  if (!/^\d+$/.test(buildId) || !job) return null;
  return { kind: 'prow', url: stripQuery(url), job, buildId };
}

function parseActions(url: URL, rest: string[]): RunLink | null {
  const a = parseActionsPath(rest);
  return a
    ? { kind: 'actions', url: stripQuery(url), repo: `${a.owner}/${a.repo}`, runId: a.runId, jobId: a.jobId }
    : null;
}

function parseGcsPath(text: string): RunLink | null {
  const segments = text.slice('gs://'.length).split('/').filter(Boolean);
  if (segments.length < 2 || /\s/.test(text) || hasDotSegment(segments)) return null;
  const last = segments.at(-1) ?? '';
  const isBuild = /^\d+$/.test(last);
  return { kind: 'gcs', url: text, job: isBuild ? (segments.at(-2) ?? null) : null, buildId: isBuild ? last : null };
}

function stripQuery(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** GitHub's web host for an API base URL: the shared helper in src/config. */
export const webUrlFromApiUrl = (apiUrl: string): string => githubWebUrl(apiUrl);
