import { statSync } from 'node:fs';
import path from 'node:path';
import { parseActionsPath, parseCheckRunPath } from './actions-path.ts';
import { IngestError } from './errors.ts';
import { decodeSegment, hasDotSegment, rawPathHasDots } from './safe-segments.ts';

export type ParsedRef =
  | { kind: 'stdin' }
  | { kind: 'file'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'gcs'; bucket: string; path: string }
  | { kind: 'actions'; owner: string; repo: string; runId: number; jobId: number | null }
  | { kind: 'check-run'; owner: string; repo: string; checkRunId: number };

export interface RefHosts {
  /** Host of the GCS endpoint (storage.googleapis.com is always accepted too). */
  gcsUrl: string;
  prowUrl: string;
  githubWebUrl: string;
  cwd: string;
}

export const ACCEPTED_FORMS =
  'accepted: a local Prow run folder or log file, "-" for stdin, gs://<bucket>/<run path>, ' +
  'https://<prow>/view/gs/<bucket>/<run path>, https://storage.googleapis.com/<bucket>/<run path>, ' +
  'https://github.com/<owner>/<repo>/actions/runs/<id>[/job/<id>], https://github.com/<owner>/<repo>/runs/<check run id>';

/** Works out what a ref names. Throws a permanent IngestError for forms we do not read. */
export function parseRef(ref: string, hosts: RefHosts): ParsedRef {
  const trimmed = ref.trim();
  if (trimmed === '-') return { kind: 'stdin' };
  if (trimmed.startsWith('gs://')) return parseGs(trimmed);
  if (/^https?:\/\//i.test(trimmed)) return parseUrl(trimmed, hosts);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw unsupported(ref, 'unknown URL scheme');
  return parseLocal(trimmed, hosts.cwd);
}

function parseGs(ref: string): ParsedRef {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(ref);
  const runPath = match?.[2]?.replace(/\/+$/, '') ?? '';
  if (match === null || runPath === '') throw unsupported(ref, 'a gs:// ref needs a bucket and a run path');
  if (hasDotSegment([match[1] ?? '', ...runPath.split('/')])) throw unsupported(ref, 'a path may not hold . or ..');
  return { kind: 'gcs', bucket: match[1] ?? '', path: runPath };
}

function parseUrl(ref: string, hosts: RefHosts): ParsedRef {
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw unsupported(ref, 'not a valid URL');
  }
  const raw = url.pathname.split('/').filter((part) => part !== '');
  if (rawPathHasDots(ref) || hasDotSegment(raw)) throw unsupported(ref, 'a path may not hold . or ..');
  const segments = raw.map(decodeSegment);
  const viewed = afterViewer(segments, url.host);
  if (viewed !== null) return gcsFromSegments(ref, viewed);
  if (url.host === hostOf(hosts.gcsUrl) || url.host === 'storage.googleapis.com') return gcsFromSegments(ref, segments);
  const actions = parseActionsPath(segments);
  if (actions !== null) {
    if (url.host !== hostOf(hosts.githubWebUrl)) {
      throw unsupported(ref, `a GitHub Actions URL on ${url.host}, but the configured GitHub is ${hosts.githubWebUrl}`);
    }
    const { owner, repo, runId, jobId } = actions;
    return { kind: 'actions', owner, repo, runId: Number(runId), jobId: jobId === null ? null : Number(jobId) };
  }
  const check = parseCheckRunPath(segments);
  if (check !== null && url.host === hostOf(hosts.githubWebUrl)) {
    return { kind: 'check-run', owner: check.owner, repo: check.repo, checkRunId: Number(check.checkRunId) };
  }
  if (url.host === hostOf(hosts.prowUrl)) throw unsupported(ref, 'a Prow URL that is not a /view/gs/ run page');
  throw unsupported(ref, 'not a Prow, GCS or GitHub Actions run URL');
}

/** The bucket path of Prow deck's spyglass (`/view/gs/`, older `/view/gcs/`) on any host, or gcsweb's `/gcs/`. */
function afterViewer(segments: string[], host: string): string[] | null {
  const view = segments.findIndex((part, i) => part === 'view' && /^(gs|gcs)$/.test(segments[i + 1] ?? ''));
  if (view >= 0) return segments.slice(view + 2);
  return host.startsWith('gcsweb.') && segments[0] === 'gcs' ? segments.slice(1) : null;
}

function gcsFromSegments(ref: string, segments: string[]): ParsedRef {
  const [bucket, ...rest] = segments;
  if (bucket === undefined || rest.length === 0) throw unsupported(ref, 'the URL names no bucket and run path');
  return { kind: 'gcs', bucket, path: rest.join('/') };
}

function parseLocal(ref: string, cwd: string): ParsedRef {
  const absolute = path.resolve(cwd, ref);
  let stats;
  try {
    stats = statSync(absolute);
  } catch (cause) {
    throw new IngestError('not-found', `${absolute} does not exist (${ACCEPTED_FORMS})`, { cause });
  }
  if (stats.isDirectory()) return { kind: 'dir', path: absolute };
  if (stats.isFile()) return { kind: 'file', path: absolute };
  throw unsupported(ref, 'neither a file nor a folder');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function unsupported(ref: string, why: string): IngestError {
  return new IngestError('unsupported-ref', `cannot read "${ref}": ${why}; ${ACCEPTED_FORMS}`);
}
