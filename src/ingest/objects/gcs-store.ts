import { IngestError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { asArray, asNumber, asRecord, asString } from '../json-access.ts';
import { compareKeys } from './local-store.ts';
import { hasDotSegment } from '../safe-segments.ts';
import { parseGsUrl, type Listing, type ObjectStore, type StoredObject } from './object-store.ts';

// A listing page is JSON: a few hundred KB for 1000 objects.
const MAX_LISTING_PAGE_BYTES = 8 * 1024 * 1024;

export interface GcsStoreOptions {
  client: HttpClient;
  /** e.g. https://storage.googleapis.com, no trailing slash. */
  gcsUrl: string;
  listPageSize: number;
  maxListPages: number;
}

/** A public GCS bucket read through the object download URL and the JSON listing API. */
export function createGcsStore(bucket: string, options: GcsStoreOptions): ObjectStore {
  const objectUrl = (key: string) => {
    // The last guard: whatever parsed the ref, a request never leaves the bucket.
    if (hasDotSegment([bucket, ...key.split('/')]))
      throw new IngestError('unsupported-ref', `gs://${bucket}/${key}: a path may not hold . or ..`);
    return `${options.gcsUrl}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  };
  const store: ObjectStore = {
    bucket,
    bucketRooted: true,
    describe: (key) => `gs://${bucket}/${key}`,
    readSmall: (key, maxBytes, rangeOnly) => options.client.readSmall(objectUrl(key), maxBytes, rangeOnly),
    async open(key) {
      const stream = await options.client.openStream(objectUrl(key));
      if (stream === null) throw new IngestError('not-found', `gs://${bucket}/${key} does not exist`);
      return stream;
    },
    list: (prefix, maxPages = Number.POSITIVE_INFINITY) =>
      listPages(bucket, { prefix, delimited: true, limit: Number.POSITIVE_INFINITY, maxPages }, options),
    listAll: (prefix, limit) =>
      listPages(bucket, { prefix, delimited: false, limit, maxPages: Number.POSITIVE_INFINITY }, options),
    locate(gsUrl) {
      const parsed = parseGsUrl(gsUrl);
      if (parsed === null) return null;
      return { store: parsed.bucket === bucket ? store : createGcsStore(parsed.bucket, options), key: parsed.path };
    },
  };
  return store;
}

interface ListQuery {
  prefix: string;
  delimited: boolean;
  /** Objects wanted at most. */
  limit: number;
  /** Pages wanted at most (the store's maxListPages applies too). */
  maxPages: number;
}

async function listPages(bucket: string, query: ListQuery, options: GcsStoreOptions): Promise<Listing> {
  const { limit } = query;
  const listing: Listing = { objects: [], prefixes: [], truncated: false };
  let pageToken: string | null = null;
  for (let page = 0; ; page++) {
    if (page >= Math.min(query.maxPages, options.maxListPages)) return { ...listing, truncated: true };
    const url = listingUrl(bucket, query, pageToken, options);
    const body = await options.client.readSmall(url, MAX_LISTING_PAGE_BYTES);
    if (body === null) throw new IngestError('not-found', `bucket ${bucket} does not exist`, { status: 404 });
    const parsed = parsePage(body.bytes, url);
    listing.objects.push(...parsed.objects);
    listing.prefixes.push(...parsed.prefixes);
    pageToken = parsed.nextPageToken;
    if (listing.objects.length > limit || (listing.objects.length === limit && pageToken !== null)) {
      return { ...listing, objects: listing.objects.slice(0, limit), truncated: true };
    }
    if (pageToken === null) break;
  }
  listing.objects.sort((a, b) => compareKeys(a.key, b.key));
  listing.prefixes.sort(compareKeys);
  return listing;
}

function listingUrl(bucket: string, query: ListQuery, pageToken: string | null, options: GcsStoreOptions): string {
  const params = new URLSearchParams({ prefix: query.prefix, maxResults: String(options.listPageSize) });
  if (query.delimited) params.set('delimiter', '/');
  if (pageToken !== null) params.set('pageToken', pageToken);
  return `${options.gcsUrl}/storage/v1/b/${encodeURIComponent(bucket)}/o?${params.toString()}`;
}

function parsePage(bytes: Uint8Array, url: string): Listing & { nextPageToken: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new IngestError('http-error', `listing ${url} is not valid JSON`, { cause, permanent: false });
  }
  const page = asRecord(json) ?? {};
  const objects: StoredObject[] = [];
  for (const item of asArray(page.items)) {
    const name = asString(asRecord(item)?.name);
    if (name !== null && !name.endsWith('/')) objects.push({ key: name, size: asNumber(asRecord(item)?.size) });
  }
  const prefixes = asArray(page.prefixes).filter((p): p is string => typeof p === 'string');
  return { objects, prefixes, truncated: false, nextPageToken: asString(page.nextPageToken) };
}
