import { statSync } from 'node:fs';
import path from 'node:path';
import { parseCheckRunPath } from './actions-path.ts';
import { IngestError } from './errors.ts';
import { decodeSegment, hasDotSegment } from './safe-segments.ts';
import { parseRunRef } from './run-ref.ts';
import type { RunRefHosts } from './run-ref.ts';

export type ParsedRef =
  | { kind: 'stdin' }
  | { kind: 'file'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'gcs'; bucket: string; path: string }
  | { kind: 'actions'; owner: string; repo: string; runId: number; jobId: number | null }
  | { kind: 'check-run'; owner: string; repo: string; checkRunId: number };

export interface RefHosts extends RunRefHosts {
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
  const check = checkRunRef(trimmed, hosts.githubWebUrl);
  if (check !== null) return check;
  const parsed = parseRunRef(trimmed, hosts);
  if (parsed.ok === 'not-a-ref') return parseLocal(trimmed, hosts.cwd);
  if (parsed.ok === false) throw unsupported(ref, parsed.why);
  const r = parsed.ref;
  if (r.kind === 'actions') {
    return {
      kind: 'actions',
      owner: r.owner,
      repo: r.repo,
      runId: Number(r.runId),
      jobId: r.jobId === null ? null : Number(r.jobId),
    };
  }
  if (r.storage === 's3') throw unsupported(ref, 'a Prow run stored in S3, which ci-triage cannot read');
  return { kind: 'gcs', bucket: r.bucket, path: r.path };
}

/** A check run's page on the configured GitHub (`<web>/<owner>/<repo>/runs/<id>`), any CI app's. */
function checkRunRef(text: string, webUrl: string): ParsedRef | null {
  let url: URL;
  let web: URL;
  try {
    url = new URL(text);
    web = new URL(webUrl);
  } catch {
    return null;
  }
  if (url.origin !== web.origin) return null;
  const prefix = web.pathname.split('/').filter(Boolean);
  const raw = url.pathname.split('/').filter(Boolean);
  if (hasDotSegment(raw) || !prefix.every((p, i) => raw[i] === p)) return null;
  const c = parseCheckRunPath(raw.slice(prefix.length).map(decodeSegment));
  return c ? { kind: 'check-run', owner: c.owner, repo: c.repo, checkRunId: Number(c.checkRunId) } : null;
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

function unsupported(ref: string, why: string): IngestError {
  return new IngestError('unsupported-ref', `cannot read "${ref}": ${why}; ${ACCEPTED_FORMS}`);
}
