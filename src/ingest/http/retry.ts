import { IngestError } from '../errors.ts';

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface BackoffPolicy {
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
}

/** Exponential backoff with jitter; a server's Retry-After wins but is capped so a bad header cannot stall us. */
export function retryDelay(attempt: number, retryAfterMs: number | null, policy: BackoffPolicy): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryDelayMs);
  const exponential = policy.retryBaseDelayMs * 2 ** attempt;
  const jittered = exponential * (0.5 + Math.random() / 2);
  return Math.min(Math.round(jittered), policy.maxRetryDelayMs);
}

/** Turns an HTTP status into a coded error; 404 is handled by callers before this. */
export function errorForStatus(
  status: number,
  url: string,
  retryAfterMs: number | null,
): IngestError & { retryAfterMs: number | null } {
  const where = `${status} from ${url}`;
  let error: IngestError;
  if (status === 401 || status === 403) {
    error = new IngestError('access-denied', `access denied (${where})`, { status });
  } else if (status === 429) {
    error = new IngestError('rate-limited', `rate limited (${where})`, { status });
  } else if (status >= 500 || status === 408) {
    error = new IngestError('http-error', `server error (${where})`, { status, permanent: false });
  } else {
    error = new IngestError('http-error', `unexpected answer (${where})`, { status });
  }
  return Object.assign(error, { retryAfterMs });
}

/** Maps what fetch or a body read threw to a coded, transient error. */
export function errorForFailure(cause: unknown, url: string, timedOut: boolean, limitMs: number): IngestError {
  if (cause instanceof IngestError) return cause;
  if (timedOut) return new IngestError('timeout', `no answer within ${limitMs} ms from ${url}`, { cause });
  const detail = cause instanceof Error ? (describeCause(cause) ?? cause.message) : String(cause);
  return new IngestError('network', `connection failed for ${url}: ${detail}`, { cause });
}

function describeCause(error: Error): string | null {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message} (${cause.message})`;
  return null;
}
