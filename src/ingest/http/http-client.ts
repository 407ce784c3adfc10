import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type Bottleneck from 'bottleneck';
import type { ResolvedHttpOptions } from '../options.ts';
import { iterateBody, readCapped } from './body-stream.ts';
import { errorForFailure, errorForStatus, parseRetryAfter, retryDelay } from './retry.ts';

export interface SmallBody {
  bytes: Uint8Array;
  truncated: boolean;
}

/** Our HTTP access to public objects: bounded concurrency, per-attempt timeouts, bounded retries. */
export interface HttpClient {
  /** The body, at most `maxBytes` of it (asked for with a Range header when `range`); null on 404. */
  readSmall(url: string, maxBytes: number, range?: boolean): Promise<SmallBody | null>;
  /** Opens a body as a stream with idle/overall limits; null on 404. Only the opening is retried. */
  openStream(url: string): Promise<AsyncIterable<Uint8Array> | null>;
}

type Attempt<T> = (signal: AbortSignal) => Promise<T>;

// Bottleneck (19 modules) is loaded on the first request, so a triage of local files never loads it.
const require = createRequire(import.meta.url);

export function createHttpClient(options: ResolvedHttpOptions): HttpClient {
  let limiter: Bottleneck | null = null;
  const limited = (): Bottleneck => {
    limiter ??= new (require('bottleneck') as typeof Bottleneck)({ maxConcurrent: options.concurrency });
    return limiter;
  };

  async function withRetries<T>(url: string, attempt: Attempt<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await limited().schedule(() => timed(url, attempt));
      } catch (cause) {
        const error = errorForFailure(cause, url, false, options.requestTimeoutMs);
        if (error.permanent || n >= options.retries) throw error;
        const retryAfter = (error as { retryAfterMs?: number | null }).retryAfterMs ?? null;
        const delay = retryDelay(n, retryAfter, options);
        options.logger?.debug({ url, code: error.code, attempt: n + 1, delay }, 'retrying request');
        await sleep(delay);
      }
    }
  }

  // The clock starts once the limiter lets the request go, so queueing never counts as a timeout.
  async function timed<T>(url: string, attempt: Attempt<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.requestTimeoutMs);
    try {
      return await attempt(controller.signal);
    } catch (cause) {
      throw errorForFailure(cause, url, controller.signal.aborted, options.requestTimeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  async function get(url: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<Response | null> {
    const response = await options.fetch(url, { signal, headers });
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw errorForStatus(response.status, url, parseRetryAfter(response.headers.get('retry-after')));
    }
    return response;
  }

  return {
    readSmall(url, maxBytes, range = false) {
      const headers: Record<string, string> = range ? { range: `bytes=0-${maxBytes - 1}` } : {};
      return withRetries(url, async (signal) => {
        const response = await get(url, signal, headers);
        return response === null ? null : readCapped(response.body, maxBytes);
      });
    },

    async openStream(url) {
      let streamController: AbortController | null = null;
      const response = await withRetries(url, async (signal) => {
        // The stream outlives the opening timeout, so it gets its own controller linked to the attempt's.
        const controller = new AbortController();
        const unlink = linkAbort(signal, controller);
        try {
          const answer = await get(url, controller.signal);
          streamController = controller;
          return answer;
        } finally {
          unlink();
        }
      });
      if (response === null || streamController === null) return null;
      if (response.body === null) return emptyIterable();
      return iterateBody(response.body, streamController, url, options);
    },
  };
}

function linkAbort(from: AbortSignal, to: AbortController): () => void {
  const onAbort = () => to.abort(from.reason);
  from.addEventListener('abort', onAbort, { once: true });
  return () => from.removeEventListener('abort', onAbort);
}

async function* emptyIterable(): AsyncGenerator<Uint8Array> {}
