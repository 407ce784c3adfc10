// Whether a failed job is worth another attempt. Coded errors say so themselves (`permanent`); HTTP
// answers from octokit are judged by status; network failures are transient; anything unknown is
// retried a bounded number of times (the queue's max attempts) rather than dropped on first sight.
import { CodedError } from '../errors.ts';

export type JobErrorCode =
  | 'invalid-payload' // the queued payload does not parse: retrying cannot help
  | 'not-found' // the PR, comment or run is gone
  | 'forbidden' // the installation lost access
  | 'unsupported' // not a kind of run we can triage
  | 'unavailable' // a dependency is down for now
  | 'expired'; // the answer's deadline passed (a Slack response_url after 30 minutes)

export class JobError extends CodedError<JobErrorCode> {
  constructor(code: JobErrorCode, message: string, options?: { cause?: unknown; permanent?: boolean }) {
    super(code, message, { ...options, permanent: options?.permanent ?? code !== 'unavailable' });
  }
}

const TRANSIENT_NET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const e = err as {
    permanent?: unknown;
    status?: unknown;
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    response?: { headers?: Record<string, unknown> };
  };
  if (typeof e.permanent === 'boolean') return !e.permanent;
  if (typeof e.status === 'number' && e.status > 0) return isTransientStatus(e.status, e.response?.headers);
  if (typeof e.code === 'string' && TRANSIENT_NET_CODES.has(e.code)) return true;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (e.cause !== undefined && e.cause !== err) return isTransient(e.cause);
  return true;
}

function isTransientStatus(status: number, headers: Record<string, unknown> | undefined): boolean {
  if (status === 408 || status === 429 || status >= 500) return true;
  // GitHub answers 403 for exhausted rate limits; the limit resets, the job should wait and retry.
  if (status === 403 && headers && String(headers['x-ratelimit-remaining']) === '0') return true;
  return false;
}

/**
 * The wait an error asks for (a Slack 429's Retry-After), in ms; null when it names none. The worker
 * waits at least this long, whatever its own backoff says.
 */
export function retryAfterMs(err: unknown): number | null {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const v = (e as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** One line for logs and the queue's last_error column. */
export function describeJobError(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { status?: unknown }).status;
    return `${err.name}${typeof status === 'number' ? ` ${status}` : ''}: ${err.message}`.slice(0, 2000);
  }
  return String(err).slice(0, 2000);
}
