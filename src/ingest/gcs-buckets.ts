import { createHttpClient } from './http/http-client.ts';
import { resolveHttpOptions } from './options.ts';
import type { HttpOptions } from './options.ts';
import { createGcsStore } from './objects/gcs-store.ts';
import type { ObjectStore } from './objects/object-store.ts';
import type { Logger } from '../logger.ts';

// Raw bucket access for callers that walk Prow's layout themselves (the periodic-job watcher): the
// same HTTP client, retries, timeouts and listing code as the run sources.

export type { ObjectStore };

export interface GcsBucketsOptions {
  /** e.g. https://storage.googleapis.com, or a loopback fake in tests. */
  gcsUrl: string;
  http?: HttpOptions;
  fetch?: typeof fetch;
  logger?: Logger;
}

/** One object store per bucket, sharing one HTTP client (and so one concurrency limit). */
export function createGcsBuckets(options: GcsBucketsOptions): (bucket: string) => ObjectStore {
  const http = resolveHttpOptions({ http: options.http, fetch: options.fetch, logger: options.logger });
  const client = createHttpClient(http);
  const stores = new Map<string, ObjectStore>();
  return (bucket) => {
    let store = stores.get(bucket);
    if (!store) {
      store = createGcsStore(bucket, {
        client,
        gcsUrl: options.gcsUrl.replace(/\/+$/, ''),
        listPageSize: http.listPageSize,
        maxListPages: http.maxListPages,
      });
      stores.set(bucket, store);
    }
    return store;
  };
}
