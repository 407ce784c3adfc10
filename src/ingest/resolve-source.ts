import path from 'node:path';
import type { RunSource } from '../types.ts';
import { IngestError } from './errors.ts';
import { createFileSource } from './file-source.ts';
import { createActionsSource } from './github/actions-source.ts';
import { createCheckRunSource } from './github/check-run-source.ts';
import { createHttpClient, type HttpClient } from './http/http-client.ts';
import {
  DEFAULT_GCS_URL,
  DEFAULT_GITHUB_WEB_URL,
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_MAX_ARTIFACTS,
  DEFAULT_PROW_URL,
  resolveHttpOptions,
  trimSlash,
  type SourceOptions,
} from './options.ts';
import { parseRef, type ParsedRef } from './parse-ref.ts';
import type { ProwContext } from './prow/prow-context.ts';
import { createProwSource } from './prow/prow-source.ts';
import { createStdinSource } from './stdin-source.ts';
import { createGcsStore } from './objects/gcs-store.ts';
import { createLocalStore } from './objects/local-store.ts';

/**
 * Picks the source a ref names: a local Prow run folder or log file, `-` (stdin), a GCS/Prow run URL,
 * or a GitHub Actions run/job URL. No I/O besides a stat of local paths; throws a permanent IngestError
 * for refs it cannot read.
 */
export function resolveSource(ref: string, opts: SourceOptions = {}): RunSource {
  const gcsUrl = trimSlash(opts.gcsUrl ?? DEFAULT_GCS_URL);
  const githubWebUrl = trimSlash(opts.githubWebUrl ?? DEFAULT_GITHUB_WEB_URL);
  const prowUrls = prowUrlsOf(opts.prowUrl);
  const ctx: ProwContext = {
    prowUrl: prowUrls[0] ?? DEFAULT_PROW_URL,
    historyLimit: opts.historyLimit ?? DEFAULT_HISTORY_LIMIT,
    maxArtifacts: opts.maxArtifacts ?? DEFAULT_MAX_ARTIFACTS,
  };
  const parsed = parseRef(ref, { gcsUrl, prowUrls, githubWebUrl, cwd: opts.cwd ?? process.cwd() });
  switch (parsed.kind) {
    case 'stdin':
      return createStdinSource({ input: opts.stdin ?? process.stdin, tmpDir: opts.tmpDir });
    case 'file':
      return createFileSource(parsed.path);
    case 'dir':
      return localRunSource(parsed.path, ctx);
    case 'gcs':
      return gcsRunSource(parsed, gcsUrl, ctx, opts);
    case 'actions':
      return actionsSource(parsed, githubWebUrl, ctx, opts);
    case 'check-run':
      if (opts.octokit === undefined)
        throw new IngestError('github-not-configured', 'reading a check run needs GitHub credentials (an Octokit)');
      return createCheckRunSource({ ...parsed, octokit: opts.octokit, webUrl: githubWebUrl });
  }
}

/** The configured decks, trimmed; the first one builds run links. */
function prowUrlsOf(setting: SourceOptions['prowUrl']): string[] {
  const list = setting === undefined ? [DEFAULT_PROW_URL] : typeof setting === 'string' ? [setting] : [...setting];
  const trimmed = list.map(trimSlash).filter(Boolean);
  return trimmed.length > 0 ? trimmed : [DEFAULT_PROW_URL];
}

/** A run folder; inside a bucket mirror (`.../<bucket>/logs/...` or `.../pr-logs/...`) it gets history too. */
function localRunSource(dir: string, ctx: ProwContext): RunSource {
  const parts = dir.split(path.sep);
  const layoutAt = parts.findLastIndex((part) => part === 'logs' || part === 'pr-logs');
  if (layoutAt > 0 && layoutAt < parts.length - 1) {
    const root = parts.slice(0, layoutAt).join(path.sep) || path.sep;
    return createProwSource(createLocalStore(root, true), parts.slice(layoutAt).join('/'), ctx);
  }
  // Loose folder: keep the parent so the job name can still come from the path.
  const parent = path.dirname(dir);
  return createProwSource(
    createLocalStore(path.dirname(parent), false),
    `${path.basename(parent)}/${path.basename(dir)}`,
    ctx,
  );
}

function gcsRunSource(
  parsed: Extract<ParsedRef, { kind: 'gcs' }>,
  gcsUrl: string,
  ctx: ProwContext,
  opts: SourceOptions,
) {
  const http = resolveHttpOptions(opts);
  const store = createGcsStore(parsed.bucket, {
    client: createHttpClient(http),
    gcsUrl,
    listPageSize: http.listPageSize,
    maxListPages: http.maxListPages,
  });
  return createProwSource(store, parsed.path, ctx);
}

function actionsSource(
  parsed: Extract<ParsedRef, { kind: 'actions' }>,
  githubWebUrl: string,
  ctx: ProwContext,
  opts: SourceOptions,
): RunSource {
  if (opts.octokit === undefined) {
    throw new IngestError(
      'github-not-configured',
      'reading a GitHub Actions run needs GitHub credentials (an Octokit)',
    );
  }
  const http: HttpClient = createHttpClient(resolveHttpOptions(opts));
  const base = `${githubWebUrl}/${parsed.owner}/${parsed.repo}/actions/runs/${parsed.runId}`;
  return createActionsSource({
    octokit: opts.octokit,
    http,
    owner: parsed.owner,
    repo: parsed.repo,
    runId: parsed.runId,
    jobId: parsed.jobId,
    jobName: null,
    webUrl: parsed.jobId === null ? base : `${base}/job/${parsed.jobId}`,
    historyLimit: ctx.historyLimit,
    maxArtifacts: ctx.maxArtifacts,
    workflows: new Map(),
  });
}
