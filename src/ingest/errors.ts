// Coded ingest failures: callers decide retry from `permanent`, never from the message.
import { CodedError } from '../errors.ts';

export type IngestErrorCode =
  | 'unsupported-ref' // the ref is not a form we know
  | 'not-found' // the path, object, run or GitHub resource does not exist
  | 'access-denied' // 401/403 from GCS or GitHub
  | 'http-error' // any other HTTP failure
  | 'rate-limited' // 429 after our retries
  | 'timeout' // request or stream exceeded its time limit
  | 'network' // connection failure, reset or truncated body
  | 'read-failed' // a local file could not be read
  | 'github-not-configured'; // a GitHub Actions ref without an Octokit

const TRANSIENT_CODES: ReadonlySet<IngestErrorCode> = new Set(['rate-limited', 'timeout', 'network']);

export interface IngestErrorOptions {
  permanent?: boolean;
  status?: number;
  cause?: unknown;
}

export class IngestError extends CodedError<IngestErrorCode> {
  constructor(code: IngestErrorCode, message: string, options: IngestErrorOptions = {}) {
    super(code, message, { ...options, permanent: options.permanent ?? !TRANSIENT_CODES.has(code) });
  }
}

export function isIngestError(error: unknown): error is IngestError {
  return error instanceof IngestError;
}

/** A short reason for problem lines: the message of an error, or its string form. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
