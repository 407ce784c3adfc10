// Benchmark of `ci-triage analyze FILE --json` as a user runs it (built dist/, one process) on four
// haystacks (see bench/haystacks.ts), each against `rg -c -j1 -f ../shared/bench/rg-patterns.txt FILE`
// on the same file. One row per haystack: MB/s wall and CPU, peak RSS (/usr/bin/time -v of the
// child), rg's time, the ratios (rg time / our time: 1.0 = parity) and whether the findings
// recorded in bench/expected-findings.json were found. Then the suspect-ranking bench.
//
//   npm run bench                                  four haystacks of 256 MiB
//   npm run bench -- --size 1G                     the issue's size (1 GiB each, ~4 GB of disk)
//   npm run bench -- --haystack generator --size 2G --runs 3
//   npm run bench -- --haystack one-line --size 200M   one 200 MB line: peak RSS must stay bounded
//   npm run bench -- --cpu-prof                    also writes V8 CPU profiles to bench/out/prof/
//   options: --no-build (use dist/ as it is), --no-suspects (skip the suspect bench), --runs N (best of N),
//   --cli PATH (another build's dist/src/cli.js, to compare before/after on the same haystacks)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORE_CLASSIFIERS } from '../src/analyze/core-classifiers.ts';
import { loadRuleCatalog } from '../src/analyze/index.ts';
import type { Trigger } from '../src/analyze/types.ts';
import { buildHaystack, DEFAULT_HAYSTACKS, HAYSTACKS, type Haystack } from './haystacks.ts';
import { benchSuspects } from './suspects.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const SHARED = join(ROOT, '..', 'shared');
const RG_PATTERNS = join(SHARED, 'bench', 'rg-patterns.txt');
const MiB = 1024 * 1024;

interface Expected {
  classifier: string;
  /** Text the finding's summary must contain. */
  summary?: string;
  /** Only expected from this haystack size up (the failure is buried further in). */
  minBytes?: number;
}

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
}

function parseSize(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(raw.trim());
  if (!m) throw new Error(`bad --size ${raw} (say 256M, 1G or a byte count)`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? 1024 * MiB : 1;
  return Math.round(Number(m[1]) * mult);
}

/** `argv` under /usr/bin/time: wall (our clock), CPU (user + sys) and peak RSS of the child. */
function timed(argv: string[]): Run {
  const timeFile = join(OUT, 'time.txt');
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, ...argv], {
    encoding: 'utf8',
    maxBuffer: 256 * MiB,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = (performance.now() - started) / 1000;
  const report = readFileSync(timeFile, 'utf8');
  const field = (name: string): number => Number(new RegExp(`${name}: ([\\d.]+)`).exec(report)?.[1] ?? NaN);
  const status = Number(/Exit status: (\d+)/.exec(report)?.[1] ?? run.status);
  if (status > 1) throw new Error(`${argv.join(' ')} exited ${status}: ${run.stderr.slice(0, 2000)}`);
  return {
    wall,
    cpu: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
    rssMb: field('Maximum resident set size \\(kbytes\\)') / 1024,
    stdout: run.stdout,
  };
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.wall < a.wall ? b : a));
}

async function triggers(): Promise<Trigger[]> {
  const catalog = await loadRuleCatalog();
  return [...catalog.rules.flatMap((r) => r.triggers), ...CORE_CLASSIFIERS.flatMap((c) => c.observer(400).triggers)];
}

interface Finding {
  classifier: string;
  summary: string;
}

function check(findings: Finding[], expected: Expected[], bytes: number): string {
  const want = expected.filter((e) => (e.minBytes ?? 0) <= bytes);
  const missing = want.filter(
    (e) => !findings.some((f) => f.classifier === e.classifier && (!e.summary || f.summary.includes(e.summary))),
  );
  const extra = findings.filter((f) => !expected.some((e) => e.classifier === f.classifier));
  if (missing.length === 0 && extra.length === 0) return `yes (${want.length})`;
  return [
    'NO',
    ...missing.map((m) => `missing ${m.classifier}${m.summary ? ` "${m.summary}"` : ''}`),
    ...extra.map((f) => `extra ${f.classifier}`),
  ].join('; ');
}

const mbps = (bytes: number, s: number): string => `${(bytes / 1e6 / s).toFixed(0).padStart(4)} MB/s`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '256M' },
      haystack: { type: 'string', multiple: true },
      runs: { type: 'string', default: '1' },
      'cpu-prof': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-suspects': { type: 'boolean', default: false },
      cli: { type: 'string' },
    },
  });
  const size = parseSize(values.size);
  const runs = Math.max(1, Number(values.runs));
  const kinds = (values.haystack ?? DEFAULT_HAYSTACKS) as Haystack[];
  for (const k of kinds) if (!HAYSTACKS.includes(k)) throw new Error(`unknown haystack ${k}: ${HAYSTACKS.join(', ')}`);
  mkdirSync(OUT, { recursive: true });
  if (!values['no-build']) {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  if (spawnSync('rg', ['--version']).status !== 0) throw new Error('ripgrep missing: apt-get install -y ripgrep');
  const expected = JSON.parse(readFileSync(join(ROOT, 'bench', 'expected-findings.json'), 'utf8')) as Record<
    string,
    Expected[]
  >;
  const inputs = { shared: SHARED, triggers: await triggers(), rgPatternFile: RG_PATTERNS };
  const prof = join(OUT, 'prof');
  if (values['cpu-prof']) {
    rmSync(prof, { recursive: true, force: true });
    mkdirSync(prof, { recursive: true });
  }
  const cli = values.cli ?? join(ROOT, 'dist', 'src', 'cli.js');
  console.log(
    `haystack      size      ours wall   ours CPU   peak RSS   rg wall    rg CPU    ratio wall/CPU  findings`,
  );
  // The fixed cost of a run (module loading, rule catalog, report): the CLI on a one-line log.
  const tiny = join(OUT, 'start-up.log');
  writeFileSync(tiny, 'hello\n');
  const startUp = best(
    Array.from({ length: runs }, () => timed([process.execPath, cli, 'analyze', tiny, '--json', '--no-suspects'])),
  );
  console.log(
    `start-up      1 line    ${startUp.wall.toFixed(2)} s wall  ${startUp.cpu.toFixed(2)} s CPU  ${startUp.rssMb.toFixed(0)} MB  (included in every row below)`,
  );
  for (const kind of kinds) {
    const path = join(OUT, `${kind}-${size}.log`);
    buildHaystack(kind, path, size, inputs);
    const bytes = statSync(path).size;
    const node = [process.execPath, ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', prof] : [])];
    const ours: Run[] = [];
    const rg: Run[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(timed([...node, cli, 'analyze', path, '--json', '--no-suspects']));
      rg.push(timed(['rg', '-c', '-j1', '-f', RG_PATTERNS, path]));
    }
    const o = best(ours);
    const r = best(rg);
    const report = JSON.parse(o.stdout) as { findings: Finding[]; problems: string[] };
    const found = check(report.findings, expected[kind] ?? [], bytes);
    console.log(
      [
        kind.padEnd(12),
        `${(bytes / MiB).toFixed(0).padStart(5)} MiB`,
        mbps(bytes, o.wall),
        mbps(bytes, o.cpu),
        `${o.rssMb.toFixed(0).padStart(5)} MB`,
        mbps(bytes, r.wall),
        mbps(bytes, r.cpu),
        `  ${(r.wall / o.wall).toFixed(2)} / ${(r.cpu / o.cpu).toFixed(2)}`,
        `    ${found}`,
      ].join('  '),
    );
    if (!found.startsWith('yes'))
      for (const f of report.findings) console.log(`    finding ${f.classifier}: ${f.summary.slice(0, 100)}`);
    for (const p of report.problems) console.log(`    problem ${p}`);
  }
  if (values['cpu-prof']) console.log(`CPU profiles: ${prof} (open in Chrome DevTools > Performance)`);
  if (!values['no-suspects']) await benchSuspects();
}

await main();
