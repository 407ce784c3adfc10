import type Bottleneck from 'bottleneck';
// Types of the suspect finder: what it searches for, what it caches, what it returns.
import type { DanglingPreset, Suspect } from '../types.ts';
import type { Logger } from '../logger.ts';

/** What a merged change would have to touch to explain the failure. */
export interface SuspectTerms {
  job: string;
  /** File defining the job, when known; otherwise found from patches mentioning `name: <job>`. */
  jobConfigPath: string | null;
  /** Env vars that vanished or came out empty (a removed definition is strong evidence). */
  envVars: string[];
  /** `preset-*` labels the job carries. */
  presets: string[];
  /** Preset labels the analyzer saw dangling (label kept, variables gone). */
  danglingPresets: string[];
  /** Exact failing image references and tags (an added line with one is strong evidence). */
  images: string[];
  /** Version variables a baseline resolved and the failing run did not. */
  versionVars: string[];
  /** Other specific tokens, e.g. from log lines that vanished since the baseline. */
  identifiers: string[];
  /** Values the job's definition gained (`+`) or lost (`-`) since the baseline: a patch line with the same sign made the change. */
  changes?: ChangeToken[];
}

/** One changed token of the job's definition, with the sign a patch line that made the change carries. */
export interface ChangeToken {
  token: string;
  sign: '+' | '-';
  /** The definition field, e.g. `spec.pod_spec.containers[0].env[IMAGE_FAMILY]`. */
  path: string;
  /** `name`: an env var name, matched only where a line defines it; `value`: any occurrence. */
  kind: 'name' | 'value';
  /** The change concerns the failing element. */
  touchesFailure: boolean;
}

/** A merged pull request, reduced to what scoring and reports need. */
export interface PullSummary {
  number: number;
  title: string;
  url: string;
  author: string | null;
  /** GitHub account type (`User`, `Bot`), when known. */
  authorType: string | null;
  mergedAt: string;
}

/** One changed file of a pull request; `patch` is null when GitHub omits it (binary or huge diffs). */
export interface PrFile {
  filename: string;
  status: string;
  changes: number;
  patch: string | null;
  previousFilename: string | null;
}

/** A merged pull request with its files, ready for scoring. */
export interface PullWithFiles extends PullSummary {
  repo: string;
  files: PrFile[];
}

/**
 * Merged pull requests never change, so their files can be kept forever; so can the listing of a
 * window that is entirely in the past. Implementations: MemoryPrCache here, SQLite in src/store.
 */
export interface PrCache {
  getFiles(repo: string, number: number): Promise<PrFile[] | null>;
  putFiles(repo: string, number: number, files: PrFile[]): Promise<void>;
  getList(key: string): Promise<PullSummary[] | null>;
  putList(key: string, pulls: PullSummary[]): Promise<void>;
}

export interface SuspectQuery {
  /** Repositories as `owner/name`; branch defaults to the repository's default branch. */
  repos: { repo: string; branch?: string }[];
  since: string; // ISO 8601
  until: string;
  /** Start of the first red run of the streak; PRs merged after it are unlikely causes. */
  firstRedAt: string | null;
  terms: SuspectTerms;
}

export interface SuspectOptions {
  cache: PrCache;
  /** How many suspects to return (default 5). */
  top?: number;
  /** Concurrent file listings (default 4). */
  concurrency?: number;
  /** A limiter shared beyond this search (per installation, across instances via Redis); replaces `concurrency`. */
  limiter?: Bottleneck;
  /** Per HTTP attempt (default 20 s). */
  requestTimeoutMs?: number;
  /** Whole search, retries and rate-limit waits included (default 120 s). */
  budgetMs?: number;
  /** Stop listing a repository after this many pages (default 30, i.e. 3000 PRs). */
  maxListPages?: number;
  /** Clock, for deciding whether a window is closed (default Date.now). */
  now?: () => number;
  log?: Logger;
}

export type { DanglingPreset };

export interface SuspectResult {
  suspects: Suspect[];
  /** `suspects unavailable: ...` when nothing could be read, `suspects incomplete: ...` when part could not. */
  note: string | null;
  /** HTTP requests sent to GitHub, retries included. */
  requests: number;
  danglingPresets: DanglingPreset[];
}
