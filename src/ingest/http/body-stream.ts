import { IngestError } from '../errors.ts';
import { errorForFailure } from './retry.ts';

export interface StreamLimits {
  streamIdleTimeoutMs: number;
  streamTimeoutMs: number;
}

/**
 * Yields a response body chunk by chunk. The fetch is aborted (through `controller`) when no chunk arrives
 * within the idle limit or the whole download exceeds the overall limit, so a stalled server cannot hang us.
 */
export async function* iterateBody(
  body: ReadableStream<Uint8Array>,
  controller: AbortController,
  url: string,
  limits: StreamLimits,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let expired: string | null = null;
  const expire = (why: string) => {
    expired = why;
    controller.abort(new IngestError('timeout', `${why} while downloading ${url}`));
  };
  const overall = setTimeout(() => expire(`no end after ${limits.streamTimeoutMs} ms`), limits.streamTimeoutMs);
  overall.unref();
  let finished = false;
  try {
    for (;;) {
      const idle = setTimeout(() => expire(`no data for ${limits.streamIdleTimeoutMs} ms`), limits.streamIdleTimeoutMs);
      idle.unref();
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (expired !== null) throw new IngestError('timeout', `${expired} while downloading ${url}`, { cause: error });
        throw errorForFailure(error, url, false, 0);
      } finally {
        clearTimeout(idle);
      }
      if (chunk.done) break;
      yield chunk.value;
    }
    finished = true;
  } finally {
    clearTimeout(overall);
    // The consumer may stop early (break, error): release the connection instead of leaving it open.
    if (!finished) controller.abort();
    reader.releaseLock();
  }
}

/** Reads at most `maxBytes` of a body, then cancels the rest. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (body === null) return { bytes: new Uint8Array(0), truncated: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - total;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      total += Math.min(value.byteLength, room);
      if (value.byteLength > room || total >= maxBytes) {
        truncated = value.byteLength > room || !(await isAtEnd(reader));
        break;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { bytes: concat(chunks, total), truncated };
}

async function isAtEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
  const next = await reader.read();
  return next.done || next.value.byteLength === 0;
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
