// Runs the replays in ../shared/replays (real "a test-infra PR broke a Prow job" regressions rebuilt as Prow runs)
// the way a user does: the CLI as a child process against the red run folder, with the replay's fake GitHub
// (../shared/tools/replay/fake-github.mjs) as a second child process on a free loopback port. No jest here, so
// bench/eval-suspects.ts can import it under plain Node (type stripping: erasable syntax only).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, Suspect } from '../../src/types.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
export const SHARED = join(PROJECT_ROOT, '..', 'shared');
export const REPLAYS = join(SHARED, 'replays');
export const FAKE_GITHUB = join(SHARED, 'tools', 'replay', 'fake-github.mjs');
export const CLI = join(PROJECT_ROOT, 'src', 'cli.ts');
export const CONFIG_REPO = 'kubernetes/test-infra';

export interface ReplayCase {
  id: string;
  job: string;
  jobType: string;
  culprit: { repo: string; number: number };
  /** Absolute paths. */
  greenRun: string;
  redRun: string;
  githubExport: string;
  /** `owner/name` and base branch of every repository the red run checked out (prowjob `refs` + `extra_refs`). */
  checkedOut: { repo: string; branch: string }[];
}

interface ReplayEntry {
  id: string;
  culprit: { repo: string; number: number };
}
interface ReplayMeta {
  job: string;
  job_type: string;
  green_run: string;
  red_run: string;
  test_infra_prs: string;
}
interface ProwRefs {
  org?: string;
  repo?: string;
  base_ref?: string;
}

function checkedOutRepos(prowjobFile: string): { repo: string; branch: string }[] {
  const pj = JSON.parse(readFileSync(prowjobFile, 'utf8')) as { spec?: { refs?: ProwRefs; extra_refs?: ProwRefs[] } };
  const refs = [pj.spec?.refs, ...(pj.spec?.extra_refs ?? [])].filter((r): r is ProwRefs => Boolean(r?.org && r.repo));
  const seen = new Map<string, { repo: string; branch: string }>();
  for (const r of refs)
    seen.set(`${r.org}/${r.repo}`.toLowerCase(), { repo: `${r.org}/${r.repo}`, branch: r.base_ref ?? 'master' });
  return [...seen.values()];
}

/** The cases of replays.json, in its order, with their run folders resolved. Throws when the data is absent. */
export function loadReplays(dir: string = REPLAYS): ReplayCase[] {
  const index = join(dir, 'replays.json');
  if (!existsSync(index))
    throw new Error(`replay data not found: ${index} (CI keeps it in ../shared/replays beside the project)`);
  const entries = JSON.parse(readFileSync(index, 'utf8')) as ReplayEntry[];
  return entries.map((e) => {
    const meta = JSON.parse(readFileSync(join(dir, e.id, 'replay-meta.json'), 'utf8')) as ReplayMeta;
    return {
      id: e.id,
      job: meta.job,
      jobType: meta.job_type,
      culprit: { repo: e.culprit.repo, number: e.culprit.number },
      greenRun: join(dir, e.id, meta.green_run),
      redRun: join(dir, e.id, meta.red_run),
      githubExport: join(dir, e.id, meta.test_infra_prs),
      checkedOut: checkedOutRepos(join(dir, e.id, meta.red_run, 'prowjob.json')),
    };
  });
}

// ---------- fake GitHub as a child process ----------

export interface FakeGithubStats {
  total: number;
  byRoute: Record<string, number>;
}

export interface FakeGithubProcess {
  port: number;
  baseUrl: string;
  stats(): Promise<FakeGithubStats>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function waitForListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(
      () => done(new Error(`fake GitHub did not start on port ${port} within 10 s: ${err}`)),
      10_000,
    );
    const onData = (b: Buffer): void => {
      err += b.toString();
      if (err.includes(`fake GitHub on 127.0.0.1:${port}`)) done(null);
    };
    const onExit = (code: number | null): void =>
      done(new Error(`fake GitHub exited (${code}) before listening: ${err.trim()}`));
    function done(e: Error | null): void {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (e) reject(e);
      else resolve();
    }
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Starts fake-github.mjs serving `exportFiles` on a free loopback port (retrying if the port was taken meanwhile). */
export async function startFakeGithub(exportFiles: string[]): Promise<FakeGithubProcess> {
  let last: unknown = null;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    const child = spawn(process.execPath, [FAKE_GITHUB, String(port), ...exportFiles], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await waitForListening(child, port);
    } catch (e) {
      last = e;
      child.kill();
      continue;
    }
    child.stderr?.resume(); // keep draining so the child never blocks on a full pipe
    const baseUrl = `http://127.0.0.1:${port}`;
    return {
      port,
      baseUrl,
      async stats() {
        const res = await fetch(`${baseUrl}/__stats`);
        return (await res.json()) as FakeGithubStats;
      },
      close() {
        return new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill();
        });
      },
    };
  }
  throw last instanceof Error ? last : new Error('fake GitHub did not start');
}

// ---------- the CLI ----------

export type BaselineMode = 'history' | 'green';

export interface AnalyzeResult {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Report | null;
}

export interface AnalyzeOptions {
  githubUrl: string;
  cacheFile: string;
  /** `history`: the CLI finds the baseline from the job's history (what a user gets); `green`: `--baseline <green run>`. */
  baseline: BaselineMode;
}

export function analyzeReplay(c: ReplayCase, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const args = [CLI, 'analyze', c.redRun, '--json', '--suspects'];
  if (opts.baseline === 'green') args.push('--baseline', c.greenRun);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GITHUB_API_URL: opts.githubUrl,
    GITHUB_TOKEN: 'test',
    CI_TRIAGE_CACHE: opts.cacheFile,
    CI_TRIAGE_CONFIG_REPOS: CONFIG_REPO,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      let report: Report | null = null;
      try {
        report = JSON.parse(stdout) as Report;
      } catch {
        report = null;
      }
      resolve({ code, stdout, stderr, report });
    });
  });
}

// ---------- one replay, cold then warm ----------

export interface ReplayOutcome {
  c: ReplayCase;
  cold: AnalyzeResult;
  warm: AnalyzeResult;
  /** GitHub requests the first run made (empty cache), and the re-run with the same cache. */
  coldRequests: number;
  warmRequests: number;
  coldRoutes: Record<string, number>;
  warmRoutes: Record<string, number>;
}

export interface ReplayOptions {
  baseline?: BaselineMode;
  /**
   * Serve the repositories the run checked out (the repo under test, extra_refs) with an empty window, as real GitHub
   * would serve them (default). The replays export only test-infra's PRs; with `false` the fake answers 404 for those.
   */
  serveCheckedOut?: boolean;
}

/** Writes an empty PR window (the export shape fake-github.mjs reads) for each checked-out repo without an export. */
function emptyExports(c: ReplayCase, dir: string): string[] {
  const served = JSON.parse(readFileSync(c.githubExport, 'utf8')) as { repo: string };
  return c.checkedOut
    .filter((r) => r.repo.toLowerCase() !== served.repo.toLowerCase())
    .map((r, i) => {
      const file = join(dir, `empty-${i}.json`);
      writeFileSync(file, JSON.stringify({ repo: r.repo, branch: r.branch, pulls: [], files: {} }));
      return file;
    });
}

/** Runs the CLI on the red run twice with one fresh cache file, counting fake-GitHub requests for each run. */
export async function runReplay(c: ReplayCase, options: ReplayOptions = {}): Promise<ReplayOutcome> {
  const baseline = options.baseline ?? 'history';
  const dir = mkdtempSync(join(tmpdir(), `ci-triage-replay-${c.id.slice(0, 24)}-`));
  const extra = (options.serveCheckedOut ?? true) ? emptyExports(c, dir) : [];
  const fake = await startFakeGithub([c.githubExport, ...extra]);
  try {
    const opts = { githubUrl: fake.baseUrl, cacheFile: join(dir, 'cache.db'), baseline };
    const s0 = await fake.stats();
    const cold = await analyzeReplay(c, opts);
    const s1 = await fake.stats();
    const warm = await analyzeReplay(c, opts);
    const s2 = await fake.stats();
    return {
      c,
      cold,
      warm,
      coldRequests: s1.total - s0.total,
      warmRequests: s2.total - s1.total,
      coldRoutes: diffRoutes(s0.byRoute, s1.byRoute),
      warmRoutes: diffRoutes(s1.byRoute, s2.byRoute),
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function diffRoutes(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

// ---------- reading a report ----------

export const prRef = (s: { repo: string; number: number | null; title?: string }): string =>
  s.number === null ? `${s.repo}: ${s.title ?? ''}` : `${s.repo}#${s.number}`;

/** 1-based rank of the culprit among the report's suspects, or null when it is not named. */
export function culpritRank(report: Report | null, culprit: { repo: string; number: number }): number | null {
  const i =
    report?.suspects.findIndex(
      (s) => s.repo.toLowerCase() === culprit.repo.toLowerCase() && s.number === culprit.number,
    ) ?? -1;
  return i >= 0 ? i + 1 : null;
}

/** Reasons that are evidence from the PR's patch (everything but the merged-just-before proximity note). */
export const evidenceReasons = (s: Suspect | undefined): Suspect['reasons'] =>
  (s?.reasons ?? []).filter((r) => r.kind !== 'proximity');

/** A compact, readable picture of what the engine said: what a failing assertion should show. */
export function summarize(o: ReplayOutcome): {
  culprit: string;
  first: string | null;
  culpritRank: number | null;
  firstReasons: string[];
  findings: string[];
  top3: string[];
  suspectsNote: string | null;
  baseline: string | null;
  problems: string[];
  exitCode: number | null;
  stderr: string;
} {
  const r = o.cold.report;
  const first = r?.suspects[0];
  return {
    culprit: prRef(o.c.culprit),
    first: first ? prRef(first) : null,
    culpritRank: culpritRank(r, o.c.culprit),
    firstReasons: (first?.reasons ?? []).map((x) => `${x.kind} ${x.sign ?? ''}${x.text}`.slice(0, 160)),
    findings: (r?.findings ?? []).map((f) => f.classifier),
    top3: (r?.suspects ?? []).slice(0, 3).map((s) => `${prRef(s)} (${s.score})`),
    suspectsNote: r?.suspectsNote ?? null,
    baseline: r?.baseline?.buildId ?? null,
    problems: r?.problems ?? [],
    exitCode: o.cold.code,
    stderr: o.cold.stderr.slice(0, 500),
  };
}
