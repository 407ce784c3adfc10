// Turns a failed GitHub request into a short plain-English reason for the report's note.
import { BudgetExceededError, type RateState } from './github-requests.ts';

export interface ErrorContext {
  rate: RateState;
  timeoutMs: number;
  budgetMs: number;
}

/** Permanent failures (bad token, no access, missing repo, rate limit, budget): retrying the same repo is pointless. */
export function isPermanent(err: unknown): boolean {
  const status = statusOf(err);
  return err instanceof BudgetExceededError || status === 401 || status === 403 || status === 404 || status === 429;
}

/** Failures that concern every repository, not just the one being read. */
export function stopsEverything(err: unknown, ctx: ErrorContext): boolean {
  const status = statusOf(err);
  return (
    err instanceof BudgetExceededError ||
    status === 401 ||
    ((status === 403 || status === 429) && isRateLimited(err, ctx))
  );
}

function isRateLimited(err: unknown, ctx: ErrorContext): boolean {
  return ctx.rate.remaining === 0 || /rate limit/i.test(err instanceof Error ? err.message : String(err));
}

function statusOf(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

function resetText(rate: RateState): string {
  return rate.reset ? `, resets at ${new Date(rate.reset * 1000).toISOString()}` : '';
}

export function describeGithubError(err: unknown, ctx: ErrorContext): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof BudgetExceededError) return `GitHub did not finish within ${ctx.budgetMs / 1000}s`;
  if (/request timeout|aborted due to timeout/i.test(message))
    return `GitHub did not answer within ${ctx.timeoutMs / 1000}s`;
  if (status === 401) return 'GitHub rejected the token (401 Bad credentials)';
  if ((status === 403 || status === 429) && isRateLimited(err, ctx))
    return `GitHub rate limit exceeded (${status}${resetText(ctx.rate)})`;
  if (status === 403) return `GitHub answered 403 Forbidden (the token may lack access): ${firstLine(message)}`;
  if (status === 404) return 'repository not found or not visible to this token (404)';
  if (status !== null && status >= 500) return `GitHub answered ${status} (after retries): ${firstLine(message)}`;
  return `GitHub request failed: ${firstLine(message)}`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 160);
}
