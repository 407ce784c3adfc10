// A loopback GitHub REST server that serves PR exports (the `github/*.json` shape: {repo, branch, pulls,
// files}) through exactly the endpoints the suspect finder calls, with real pagination (Link headers),
// optional token checking, request counting and failure injection. Reusable by any test that needs
// "GitHub with these merged PRs".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from 'octokit';

export interface ExportPull {
  number: number;
  title: string;
  html_url?: string;
  user?: { login: string; type?: string } | null;
  merged_at: string | null;
  updated_at?: string;
  state?: string;
  base?: { ref: string };
  [key: string]: unknown;
}

export interface ExportFile {
  filename: string;
  status: string;
  changes?: number;
  patch?: string;
  [key: string]: unknown;
}

export interface GithubExport {
  repo: string;
  branch: string;
  since?: string;
  until?: string;
  pulls: ExportPull[];
  files: Record<string, ExportFile[]>;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** 1-based index of this request. */
  n: number;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GithubFakeOptions {
  /** When set, requests must carry `authorization: token <t>` or `Bearer <t>`, else 401. */
  token?: string;
  /** Called before routing; return a reply to send it instead (failure injection). */
  intercept?: (req: FakeRequest) => FakeReply | null;
  /** Mount point, e.g. `/api/v3` to look like GitHub Enterprise Server. */
  prefix?: string;
}

export interface GithubFake {
  baseUrl: string;
  /** Requests received (every attempt, retries included). */
  readonly requests: number;
  /** `METHOD path?query` of each request, in order. */
  readonly log: string[];
  close(): Promise<void>;
}

export async function startGithubFake(exports: GithubExport[], opts: GithubFakeOptions = {}): Promise<GithubFake> {
  const byRepo = new Map(exports.map((e) => [e.repo.toLowerCase(), e]));
  const log: string[] = [];
  const prefix = opts.prefix ?? '';
  let baseUrl = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    log.push(`${req.method} ${url.pathname}${url.search}`);
    const fake: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.slice(prefix.length),
      query: url.searchParams,
      n: log.length,
    };
    const injected = opts.intercept?.(fake) ?? null;
    const reply = injected ?? authorize(req, opts.token) ?? route(fake, byRepo, `${baseUrl}${prefix}`);
    send(res, reply, log.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${baseUrl}${prefix}`,
    get requests() {
      return log.length;
    },
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function authorize(req: IncomingMessage, token: string | undefined): FakeReply | null {
  if (token === undefined) return null;
  const auth = req.headers.authorization ?? '';
  if (auth === `token ${token}` || auth === `Bearer ${token}`) return null;
  return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
}

function send(res: ServerResponse, reply: FakeReply, n: number): void {
  const remaining = String(Math.max(0, 5000 - n));
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': remaining,
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...reply.headers,
  });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

const NOT_FOUND: FakeReply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

function route(req: FakeRequest, byRepo: Map<string, GithubExport>, base: string): FakeReply {
  const m = /^\/repos\/([^/]+)\/([^/]+)(?:\/pulls(?:\/(\d+)\/files)?)?$/.exec(req.path);
  if (req.method !== 'GET' || !m) return NOT_FOUND;
  const exp = byRepo.get(`${m[1]}/${m[2]}`.toLowerCase());
  if (!exp) return NOT_FOUND;
  if (!req.path.includes('/pulls')) return { status: 200, body: { full_name: exp.repo, default_branch: exp.branch } };
  if (m[3] !== undefined) {
    const files = exp.files[m[3]];
    return files ? paginate(files, req, base) : NOT_FOUND;
  }
  return paginate(listPulls(exp, req.query), req, base);
}

function listPulls(exp: GithubExport, q: URLSearchParams): ExportPull[] {
  const state = q.get('state') ?? 'open';
  const baseRef = q.get('base');
  const key = q.get('sort') === 'created' ? 'created_at' : 'updated_at';
  const asc = q.get('direction') === 'asc';
  const items = exp.pulls
    .map((p) => ({
      ...p,
      state: p.state ?? 'closed',
      base: p.base ?? { ref: exp.branch },
      updated_at: p.updated_at ?? p.merged_at ?? '',
    }))
    .filter((p) => (state === 'all' || p.state === state) && (!baseRef || p.base.ref === baseRef));
  const at = (p: ExportPull) => String(p[key] ?? p.updated_at ?? '');
  return items.sort((a, b) => (asc ? at(a).localeCompare(at(b)) : at(b).localeCompare(at(a))));
}

function paginate<T>(items: T[], req: FakeRequest, base: string): FakeReply {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    return `<${base}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
  return { status: 200, headers, body: items.slice((page - 1) * perPage, page * perPage) };
}

/** An octokit for tests: retries and rate-limit waits take milliseconds instead of seconds. */
export function makeTestOctokit(baseUrl?: string, overrides: { retries?: number; token?: string } = {}): Octokit {
  return new Octokit({
    ...(baseUrl ? { baseUrl } : {}),
    auth: overrides.token ?? 'test-token',
    retry: { retries: overrides.retries ?? 2, retryAfterBaseValue: 1 },
    throttle: {
      retryAfterBaseValue: 1,
      fallbackSecondaryRateRetryAfter: 1,
      onRateLimit: (_after: number, _opts: object, _o: Octokit, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: (_after: number, _opts: object, _o: Octokit, retryCount: number) => retryCount < 1,
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}
