export interface BackoffOptions {
  /** Delay before the second attempt. */
  baseMs?: number;
  /** Cap for any delay. */
  maxMs?: number;
  /** Fraction of the delay taken off at random, so retries after an outage do not arrive together. */
  jitter?: number;
  random?: () => number;
}

/** Exponential backoff: base, 2 x base, 4 x base ... capped; `attempt` is the attempt that just failed (1-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 5_000;
  const max = options.maxMs ?? 10 * 60_000;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const random = options.random ?? Math.random;
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 - jitter * random()));
}
