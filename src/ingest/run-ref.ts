import { parseActionsPath } from './actions-path.ts';
import { decodeSegment, hasDotSegment, rawPathHasDots } from './safe-segments.ts';

// The one reader of run references (gs:// paths and run URLs), shared by the CLI and engine's parseRef,
// the App's parseRunUrl (status/check links, /triage comments) and Slack's /triage. It says what a text
// names and how it was written; each caller decides which forms it takes.

export interface RunRefHosts {
  /** GCS endpoint (storage.googleapis.com is always accepted too). */
  gcsUrl: string;
  /** Prow decks (a path prefix is allowed); their non-run pages are refused by name. */
  prowUrls: readonly string[];
  /** GitHub web host (a path prefix is allowed): Actions runs are read from it only. */
  githubWebUrl: string;
}

export type RunRef =
  | {
      kind: 'gcs';
      bucket: string;
      path: string;
      /** `gs`: a gs:// path; `deck`: a configured Prow deck's view page; `viewer`: another spyglass or gcsweb page; `http`: a GCS object URL. */
      via: 'gs' | 'deck' | 'viewer' | 'http';
      /** The storage named by a deck view page (`gs`, `gcs` or `s3`); gs otherwise. */
      storage: string;
      /** The text without query and trailing slash. */
      url: string;
      /** `<job>/<build>` when the path ends in a numeric build id. */
      job: string | null;
      buildId: string | null;
    }
  | { kind: 'actions'; owner: string; repo: string; runId: string; jobId: string | null; url: string };

/** A run reference, a refusal saying why, or `not-a-ref` for text that is no URL or gs:// path at all. */
export type RunRefResult = { ok: true; ref: RunRef } | { ok: false; why: string } | { ok: 'not-a-ref' };

const VIEW_STORAGE = new Set(['gs', 'gcs', 's3']);

export function parseRunRef(text: string, hosts: RunRefHosts): RunRefResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('gs://')) return parseGs(trimmed);
  if (/^https?:\/\//i.test(trimmed)) return parseUrl(trimmed, hosts);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return refuse('unknown URL scheme');
  return { ok: 'not-a-ref' };
}

function parseGs(text: string): RunRefResult {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(text);
  const runPath = match?.[2]?.replace(/\/+$/, '') ?? '';
  if (match === null || runPath === '' || /\s/.test(text)) return refuse('a gs:// ref needs a bucket and a run path');
  const bucket = match[1] ?? '';
  const segments = runPath.split('/');
  if (hasDotSegment([bucket, ...segments])) return refuse('a path may not hold . or ..');
  return gcs(bucket, segments, 'gs', 'gs', `gs://${bucket}/${runPath}`);
}

function parseUrl(text: string, hosts: RunRefHosts): RunRefResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not a valid URL');
  }
  const raw = url.pathname.split('/').filter((part) => part !== '');
  if (rawPathHasDots(text) || hasDotSegment(raw)) return refuse('a path may not hold . or ..');
  const segments = raw.map(decodeSegment);
  const plain = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  for (const deck of hosts.prowUrls) {
    const rest = pathUnder(url, segments, deck);
    if (rest !== null) return deckPage(rest, plain);
  }
  const viewed = afterViewer(segments, url.host);
  if (viewed !== null) return gcsFromSegments(viewed, 'viewer', 'gs', plain);
  if (url.host === hostOf(hosts.gcsUrl) || url.host === 'storage.googleapis.com')
    return gcsFromSegments(segments, 'http', 'gs', plain);
  const onGithub = pathUnder(url, segments, hosts.githubWebUrl);
  const actions = parseActionsPath(onGithub ?? segments);
  if (actions !== null) {
    if (onGithub === null)
      return refuse(`a GitHub Actions URL on ${url.host}, but the configured GitHub is ${hosts.githubWebUrl}`);
    return { ok: true, ref: { kind: 'actions', ...actions, url: plain } };
  }
  return refuse('not a Prow, GCS or GitHub Actions run URL');
}

/** A page of a configured deck: only `view/<storage>/<bucket>/<path>` names a run. */
function deckPage(rest: string[], url: string): RunRefResult {
  if (rest[0] !== 'view' || !VIEW_STORAGE.has(rest[1] ?? ''))
    return refuse('a Prow URL that is not a /view/gs/ run page');
  return gcsFromSegments(rest.slice(2), 'deck', rest[1] ?? 'gs', url);
}

/** The bucket path of Prow deck's spyglass (`/view/gs/`, older `/view/gcs/`) on any host, or gcsweb's `/gcs/`. */
function afterViewer(segments: string[], host: string): string[] | null {
  const view = segments.findIndex((part, i) => part === 'view' && /^(gs|gcs)$/.test(segments[i + 1] ?? ''));
  if (view >= 0) return segments.slice(view + 2);
  return host.startsWith('gcsweb.') && segments[0] === 'gcs' ? segments.slice(1) : null;
}

function gcsFromSegments(segments: string[], via: 'deck' | 'viewer' | 'http', storage: string, url: string) {
  const [bucket, ...rest] = segments;
  if (bucket === undefined || rest.length === 0) return refuse('the URL names no bucket and run path');
  return gcs(bucket, rest, via, storage, url);
}

function gcs(bucket: string, path: string[], via: 'gs' | 'deck' | 'viewer' | 'http', storage: string, url: string) {
  const last = path.at(-1) ?? '';
  const isBuild = path.length >= 2 && /^\d+$/.test(last);
  const ref: RunRef = {
    kind: 'gcs',
    bucket,
    path: path.join('/'),
    via,
    storage,
    url,
    job: isBuild ? (path.at(-2) ?? null) : null,
    buildId: isBuild ? last : null,
  };
  return { ok: true as const, ref };
}

/** The path segments after `base` when `url` is on the same origin and under its path. */
function pathUnder(url: URL, segments: string[], base: string): string[] | null {
  let b: URL;
  try {
    b = new URL(base);
  } catch {
    return null;
  }
  if (b.origin !== url.origin) return null;
  const prefix = b.pathname.split('/').filter(Boolean);
  if (!prefix.every((p, i) => segments[i] === p)) return null;
  return segments.slice(prefix.length);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function refuse(why: string): { ok: false; why: string } {
  return { ok: false, why };
}
