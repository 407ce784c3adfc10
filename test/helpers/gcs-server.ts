// A loopback fake of the public GCS endpoints ingest uses, serving a local folder whose top-level folders are
// buckets: object download (`/<bucket>/<object>`, with Range), JSON API listing
// (`/storage/v1/b/<bucket>/o?prefix&delimiter&pageToken&maxResults`) and JSON API media download
// (`/storage/v1/b/<bucket>/o/<object>?alt=media`). Faults can be injected per path for retry/timeout tests.
import { readdir, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface GcsFault {
  /** Tested against the request's path and query, e.g. `/bucket/logs/job/1/finished.json`. */
  path: RegExp;
  /** Answer with this status (and a short error body) instead of the object. */
  status?: number;
  /** Retry-After header sent with `status`. */
  retryAfter?: string | number;
  /** Wait this long before answering at all. */
  delayMs?: number;
  /** Send headers announcing the full length, only this many body bytes, then cut the connection. */
  truncateAt?: number;
  /** Send headers and the first `stallAfter` bytes (default 0), then pause this long before the rest. */
  stallMs?: number;
  stallAfter?: number;
  /** Apply to the first N matching requests only (default: every one). */
  times?: number;
}

export interface GcsServerOptions {
  /** Folder whose sub-folders are buckets, e.g. `test/fixtures/prow/gcs`. */
  root: string;
  faults?: GcsFault[];
  /** Upper bound on items+prefixes per listing page, whatever the client asks (exercises pagination). */
  pageSize?: number;
}

export interface GcsServer {
  /** Base URL to pass as `gcsUrl`, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  /** Every request's path and query, in arrival order. */
  requests: string[];
  /** Live list: tests may push or clear faults between calls. */
  faults: GcsFault[];
  /** Most requests that were being answered at the same time (checks client-side concurrency limits). */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

export async function startGcsServer(options: GcsServerOptions): Promise<GcsServer> {
  const faults = [...(options.faults ?? [])];
  const hits = new Map<GcsFault, number>();
  const requests: string[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(target);
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.once('close', () => inFlight--);
    const fault = faults.find(
      (candidate) => candidate.path.test(target) && (hits.get(candidate) ?? 0) < (candidate.times ?? Infinity),
    );
    if (fault !== undefined) hits.set(fault, (hits.get(fault) ?? 0) + 1);
    handle(req, res, target, fault, options).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    get peakInFlight() {
      return peakInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: string,
  fault: GcsFault | undefined,
  options: GcsServerOptions,
): Promise<void> {
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (res.destroyed) return;
  if (fault?.status !== undefined) {
    const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
    res.writeHead(fault.status, { ...headers, 'content-type': 'text/plain' }).end(`injected ${fault.status}`);
    return;
  }
  const url = new URL(target, 'http://gcs.invalid');
  const listing = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
  const media = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
  let answer: Answer;
  if (req.method !== 'GET') answer = { status: 405, type: 'text/plain', body: Buffer.from('GET only') };
  else if (listing !== null)
    answer = await listObjects(options, decodeURIComponent(listing[1] ?? ''), url.searchParams);
  else if (media !== null)
    answer = await readObject(
      options.root,
      decodeURIComponent(media[1] ?? ''),
      decodeURIComponent(media[2] ?? ''),
      req.headers.range,
    );
  else {
    const [bucket = '', ...rest] = url.pathname
      .split('/')
      .filter((part) => part !== '')
      .map(decodeURIComponent);
    answer = await readObject(options.root, bucket, rest.join('/'), req.headers.range);
  }
  await send(res, answer, fault);
}

interface Answer {
  status: number;
  type: string;
  body: Buffer;
  headers?: Record<string, string>;
}

async function send(res: http.ServerResponse, answer: Answer, fault: GcsFault | undefined): Promise<void> {
  res.writeHead(answer.status, {
    'content-type': answer.type,
    'content-length': String(answer.body.length),
    ...answer.headers,
  });
  if (fault?.truncateAt !== undefined) {
    res.write(answer.body.subarray(0, fault.truncateAt));
    // Let the partial body reach the client before the connection drops.
    await sleep(10);
    res.destroy();
    return;
  }
  if (fault?.stallMs !== undefined) {
    const head = fault.stallAfter ?? 0;
    res.write(answer.body.subarray(0, head));
    await sleep(fault.stallMs);
    if (res.destroyed) return;
    res.end(answer.body.subarray(head));
    return;
  }
  res.end(answer.body);
}

function bucketDirOf(root: string, bucket: string): string | null {
  if (bucket === '' || bucket === '.' || bucket === '..' || bucket.includes('/')) return null;
  return path.resolve(root, bucket);
}

/** Resolves an object to a file inside its bucket folder; null when the name would escape it. */
function fileOf(root: string, bucket: string, name: string): string | null {
  const bucketDir = bucketDirOf(root, bucket);
  if (bucketDir === null) return null;
  const file = path.resolve(bucketDir, name);
  return file.startsWith(`${bucketDir}${path.sep}`) ? file : null;
}

async function readObject(root: string, bucket: string, name: string, range: string | undefined): Promise<Answer> {
  const file = fileOf(root, bucket, name);
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) {
    const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Details>No such object: ${bucket}/${name}</Details></Error>`;
    return { status: 404, type: 'application/xml; charset=UTF-8', body: Buffer.from(body) };
  }
  const data = await readFile(file);
  const match = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
  if (match === null) return { status: 200, type: contentType(name), body: data };
  const start = Number(match[1]);
  const end = Math.min(match[2] === '' ? data.length - 1 : Number(match[2]), data.length - 1);
  if (start >= data.length) {
    return { status: 416, type: 'text/plain', body: Buffer.from('range not satisfiable') };
  }
  return {
    status: 206,
    type: contentType(name),
    body: data.subarray(start, end + 1),
    headers: { 'content-range': `bytes ${start}-${end}/${data.length}` },
  };
}

function contentType(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.txt') || name.endsWith('.log')) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

async function listObjects(options: GcsServerOptions, bucket: string, query: URLSearchParams): Promise<Answer> {
  const bucketDir = bucketDirOf(options.root, bucket);
  const exists = bucketDir !== null && (await stat(bucketDir).catch(() => null))?.isDirectory() === true;
  if (bucketDir === null || !exists)
    return json(404, { error: { code: 404, message: 'The specified bucket does not exist.' } });
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const all = (await walk(bucketDir, '')).filter((entry) => entry.name.startsWith(prefix));
  const entries = new Map<string, { name: string; size: number } | null>();
  for (const entry of all) {
    const cut = delimiter === '' ? -1 : entry.name.indexOf(delimiter, prefix.length);
    if (cut >= 0) entries.set(entry.name.slice(0, cut + delimiter.length), null);
    else entries.set(entry.name, entry);
  }
  const token = query.get('pageToken');
  const after = token === null ? '' : Buffer.from(token, 'base64url').toString();
  const sorted = [...entries.keys()].sort().filter((name) => name > after);
  const limit = Math.min(Number(query.get('maxResults') ?? 1000) || 1000, options.pageSize ?? 1000);
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  const items = page.flatMap((name) => {
    const entry = entries.get(name);
    return entry ? [{ kind: 'storage#object', bucket, name, size: String(entry.size) }] : [];
  });
  const prefixes = page.filter((name) => entries.get(name) === null);
  return json(200, {
    kind: 'storage#objects',
    ...(prefixes.length > 0 ? { prefixes } : {}),
    ...(items.length > 0 ? { items } : {}),
    ...(sorted.length > limit && last !== undefined ? { nextPageToken: Buffer.from(last).toString('base64url') } : {}),
  });
}

async function walk(dir: string, prefix: string): Promise<{ name: string; size: number }[]> {
  const found: { name: string; size: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(full, `${prefix}${entry.name}/`)));
    else if (entry.isFile()) found.push({ name: `${prefix}${entry.name}`, size: (await stat(full)).size });
  }
  return found;
}

function json(status: number, value: unknown): Answer {
  return { status, type: 'application/json; charset=UTF-8', body: Buffer.from(JSON.stringify(value)) };
}
