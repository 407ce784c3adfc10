import type { SmallBody } from '../http/http-client.ts';

export interface StoredObject {
  /** Key relative to the store root, `/`-separated. */
  key: string;
  size: number | null;
}

export interface Listing {
  objects: StoredObject[];
  /** Sub-folders, as keys ending with `/`. */
  prefixes: string[];
  /** True when a limit cut the listing short. */
  truncated: boolean;
}

/**
 * A Prow bucket seen as keys: a local mirror folder or a GCS bucket over HTTP. Prow parsing is written once
 * against this, so local and remote runs behave the same.
 */
export interface ObjectStore {
  /** Bucket name when known (local mirrors: the root folder's name). */
  readonly bucket: string | null;
  /** Whether keys are relative to a bucket root, so `logs/` and `pr-logs/` can be found for history. */
  readonly bucketRooted: boolean;
  /** Where a key lives, for people: a file path or a gs:// URL. */
  describe(key: string): string;
  /** A small object whole, or its first `maxBytes`; null when missing. */
  readSmall(key: string, maxBytes: number, rangeOnly?: boolean): Promise<SmallBody | null>;
  /**
   * A fresh byte stream of an object on every call; throws `not-found` when it vanished. A chunk is valid
   * only until the next one is asked for (the local store reuses its read buffers): copy what you keep.
   */
  open(key: string): Promise<AsyncIterable<Uint8Array>>;
  /**
   * One level of keys starting with `prefix` (a folder ending with `/`, or a folder plus the start of a name),
   * sorted by key. `maxPages` bounds remote listings below the store's own limit.
   */
  list(prefix: string, maxPages?: number): Promise<Listing>;
  /** Every object whose key starts with `prefix`, sorted by key, at most `limit`. */
  listAll(prefix: string, limit: number): Promise<Listing>;
  /** The store and key a `gs://bucket/path` refers to, or null when it cannot be mapped. */
  locate(gsUrl: string): { store: ObjectStore; key: string } | null;
}

export function parseGsUrl(url: string): { bucket: string; path: string } | null {
  const match = /^gs:\/\/([^/\s]+)\/?(\S*)$/.exec(url.trim());
  if (match === null) return null;
  return { bucket: match[1] ?? '', path: (match[2] ?? '').replace(/^\/+/, '') };
}
