import type { Report } from '../../types.ts';

/** Hidden first line of our PR comment; deliver finds the comment to update by it. */
export const COMMENT_MARKER = '<!-- ci-triage:pr-comment -->';

/** GitHub rejects issue comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

export interface PrCommentJob {
  job: string;
  url: string | null;
  /** `resolved`: the job passed after failing; it moves to the collapsed part. */
  status: 'failing' | 'resolved';
  /** null while triage runs, or when it failed (then `error` says why). */
  report: Report | null;
  error: string | null;
  /** ISO 8601. */
  updatedAt: string;
}

/** Everything the one comment per PR shows; deliver keeps it and re-renders on each change. */
export interface PrCommentState {
  repo: string;
  pr: number;
  jobs: PrCommentJob[];
  /** Shown on top when set, e.g. "`.github/ci-triage.yml` is malformed: ...". */
  configNote: string | null;
}

export interface PrCommentOptions {
  now: Date;
  /** Defaults to GitHub's limit; tests use small values to exercise degradation. */
  maxChars?: number;
}
