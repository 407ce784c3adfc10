import type { Octokit } from 'octokit';
import type { Logger } from '../logger.ts';

/** Limits for our own HTTP calls (GCS and log downloads). */
export interface HttpOptions {
  /** Time limit for one small request (JSON files, listings), per attempt. */
  requestTimeoutMs?: number;
  /** A log stream that delivers no byte for this long is aborted. */
  streamIdleTimeoutMs?: number;
  /** A log stream is aborted after this long in total. */
  streamTimeoutMs?: number;
  /** Extra attempts after a transient failure (5xx, 429, network error, timeout). */
  retries?: number;
  /** First backoff delay; doubled per attempt, with jitter. */
  retryBaseDelayMs?: number;
  /** Cap for backoff delays and for a server's Retry-After. */
  maxRetryDelayMs?: number;
  /** Requests of ours in flight at once. */
  concurrency?: number;
  /** `maxResults` for GCS listings (the server may answer with fewer). */
  listPageSize?: number;
  /** Listing pages followed before giving up with a problem line. */
  maxListPages?: number;
}

export interface SourceOptions {
  /** GCS endpoint, default https://storage.googleapis.com (a loopback fake in tests). */
  gcsUrl?: string;
  /** Prow deck(s), default https://prow.k8s.io: the first builds run links; every one's pages are read as refs. */
  prowUrl?: string | readonly string[];
  /** Web host of GitHub, default https://github.com (a GHES host maps to its `/api/v3` Octokit). */
  githubWebUrl?: string;
  /** Needed for GitHub Actions refs only. */
  octokit?: Octokit;
  /** Runs returned by `history()`, newest first. Default 50. */
  historyLimit?: number;
  /** Text artifacts listed per run besides the build log. Default 500. */
  maxArtifacts?: number;
  http?: HttpOptions;
  /** Stream read for the `-` ref; default process.stdin. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Folder where stdin is spooled so its log can be opened more than once; default os.tmpdir(). */
  tmpDir?: string;
  /** Base for relative local paths; default process.cwd(). */
  cwd?: string;
  fetch?: typeof fetch;
  logger?: Logger;
}

export type ResolvedHttpOptions = Required<HttpOptions> & { fetch: typeof fetch; logger: Logger | null };

export function resolveHttpOptions(opts: SourceOptions): ResolvedHttpOptions {
  const http = opts.http ?? {};
  return {
    requestTimeoutMs: http.requestTimeoutMs ?? 30_000,
    streamIdleTimeoutMs: http.streamIdleTimeoutMs ?? 120_000,
    streamTimeoutMs: http.streamTimeoutMs ?? 15 * 60_000,
    retries: http.retries ?? 3,
    retryBaseDelayMs: http.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: http.maxRetryDelayMs ?? 30_000,
    concurrency: http.concurrency ?? 8,
    listPageSize: http.listPageSize ?? 1000,
    maxListPages: http.maxListPages ?? 100,
    fetch: opts.fetch ?? globalThis.fetch,
    logger: opts.logger ?? null,
  };
}

export const DEFAULT_GCS_URL = 'https://storage.googleapis.com';
export const DEFAULT_PROW_URL = 'https://prow.k8s.io';
export const DEFAULT_GITHUB_WEB_URL = 'https://github.com';
export const DEFAULT_HISTORY_LIMIT = 50;
export const DEFAULT_MAX_ARTIFACTS = 500;

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
