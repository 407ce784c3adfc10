// GET requests to the GitHub REST API through the caller's octokit (its auth, base URL, retry and
// throttling plugins stay in charge), with a fresh timeout per HTTP attempt, an overall budget,
// a count of the HTTP requests actually sent (retries included) and the last rate-limit state seen.
import type { Octokit } from 'octokit';
import { CodedError } from '../errors.ts';

type FetchLike = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The typed octokit the suspect finder reads with (deliver's `GitHubClient` is the untyped write side). */
export type SuspectsOctokit = Pick<Octokit, 'request'>;

export interface Page<T> {
  data: T;
  /** URL of the next page (from the Link header), or null on the last page. */
  next: string | null;
}

export interface RateState {
  remaining: number | null;
  reset: number | null; // epoch seconds
}

export class BudgetExceededError extends CodedError<'budget-exceeded'> {
  constructor(message: string) {
    super('budget-exceeded', message, { permanent: false });
  }
}

export interface GithubRequester {
  /** First page of a route, e.g. `GET /repos/{owner}/{repo}/pulls`. */
  first<T>(route: string, params: Record<string, unknown>): Promise<Page<T>>;
  /** A page by the absolute URL a Link header gave. */
  follow<T>(url: string): Promise<Page<T>>;
  /** Rejects with BudgetExceededError once the overall budget is spent. */
  withinBudget<T>(work: Promise<T>): Promise<T>;
  readonly spent: boolean;
  readonly requests: number;
  readonly rate: RateState;
  readonly timeoutMs: number;
  readonly budgetMs: number;
  close(): void;
}

const NEXT_LINK = /<([^<>]+)>;\s*rel="next"/;

export function makeRequester(octokit: SuspectsOctokit, timeoutMs: number, budgetMs: number): GithubRequester {
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(new BudgetExceededError(`budget of ${budgetMs} ms spent`)), budgetMs);
  timer.unref?.();
  const state = { requests: 0, rate: { remaining: null, reset: null } as RateState };
  const defaults = octokit.request.endpoint.DEFAULTS.request as { fetch?: FetchLike } | undefined;
  const fetch: FetchLike = async (url, init) => {
    if (budget.signal.aborted) throw budget.signal.reason;
    state.requests += 1;
    const attempt = AbortSignal.timeout(timeoutMs);
    const signals = [attempt, budget.signal, ...(init?.signal ? [init.signal] : [])];
    // Resolved at call time so that test interceptors installed on globalThis.fetch apply.
    const base = defaults?.fetch ?? globalThis.fetch;
    try {
      const response = await base(url, { ...init, signal: AbortSignal.any(signals) });
      recordRate(state.rate, response.headers);
      return response;
    } catch (err) {
      // A plain Error with a clear message: octokit keeps the message of Errors only.
      if (attempt.aborted && !budget.signal.aborted)
        throw new Error(`no answer within ${timeoutMs} ms (request timeout)`);
      throw err;
    }
  };
  const page = async <T>(promise: Promise<{ data: unknown; headers: { link?: string } }>): Promise<Page<T>> => {
    const res = await withinBudget(promise);
    return { data: res.data as T, next: NEXT_LINK.exec(res.headers.link ?? '')?.[1] ?? null };
  };
  const withinBudget = <T>(work: Promise<T>): Promise<T> => raceAbort(work, budget.signal);
  return {
    first: (route, params) => page(octokit.request(route, { ...params, request: { fetch } })),
    follow: (url) => page(octokit.request(`GET ${url}`, { request: { fetch } })),
    withinBudget,
    get spent() {
      return budget.signal.aborted;
    },
    get requests() {
      return state.requests;
    },
    get rate() {
      return { ...state.rate };
    },
    timeoutMs,
    budgetMs,
    close: () => clearTimeout(timer),
  };
}

function recordRate(rate: RateState, headers: Headers): void {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (remaining !== null && remaining !== '') rate.remaining = Number(remaining);
  if (reset !== null && reset !== '') rate.reset = Number(reset);
}

/** Octokit's throttling waits cannot be cancelled, so the budget races them instead. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
