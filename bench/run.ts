// Benchmark of the analyze hot path: observeRun + classifyRun over a synthetic log (>= 1 GB by
// default; BENCH_MB=100 or `--mb 100` for a quick check), then ripgrep with the same patterns on one
// thread when `rg` is installed. Prints plain rows.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyRun, loadRuleCatalog, observeRun } from '../src/analyze/index.ts';
import { CORE_CLASSIFIERS } from '../src/analyze/core-classifiers.ts';
import type { RuleCatalog } from '../src/analyze/index.ts';
import { minimalRunInfo } from '../src/ingest/index.ts';
import type { RunEvidence } from '../src/types.ts';
import { generateLog } from './generate-log.ts';
import { benchSuspects } from './suspects.ts';

const MB = 1024 * 1024;
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'out');

function sizeMb(): number {
  const flag = process.argv.indexOf('--mb');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_MB;
  const mb = Number(raw ?? 1100);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`bad size: ${raw}`);
  return mb;
}

function evidenceFor(path: string): RunEvidence {
  const info = { ...minimalRunInfo('bench'), jobType: 'periodic' as const, buildId: '1', result: 'FAILURE' as const };
  // 1 MiB reads: with Node's default 64 KiB the stream machinery alone costs ~1.6 s of CPU per GB here.
  const log = {
    name: 'build-log.txt',
    size: statSync(path).size,
    open: async () => createReadStream(path, { highWaterMark: MB }),
  };
  return { info, logs: [log], podInfo: null, problems: [] };
}

/** The same pattern set for ripgrep: catalog regexes (Rust syntax) and the core classifiers' literals. */
function ripgrepPatterns(catalog: RuleCatalog): string[] {
  const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rules = catalog.rules
    .flatMap((r) => [...r.patterns, ...r.context])
    .map((re) => {
      const body = re.source.replace(/\(\?<[A-Za-z_]\w*>/g, '(').replace(/\\\//g, '/');
      return re.flags.includes('i') ? `(?i)${body}` : body;
    });
  const core = CORE_CLASSIFIERS.flatMap((c) => c.observer(400).triggers.map((t) => escapeRe(t.text)));
  return [...rules, ...core];
}

interface Timing {
  wall: number;
  cpu: number;
}

/** ripgrep on one thread with wall and CPU seconds (bash's `time` reports the child's CPU). */
function timeRipgrep(path: string, patterns: string[]): Timing | null {
  if (spawnSync('rg', ['--version']).status !== 0) return null;
  const file = join(OUT, 'patterns.txt');
  writeFileSync(file, `${patterns.join('\n')}\n`);
  const script = 'TIMEFORMAT="%U %S"; { time rg -j1 -c -f "$1" "$2" > /dev/null; } 2>&1';
  const started = performance.now();
  const run = spawnSync('bash', ['-c', script, 'bench', file, path], { encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  const [user, sys] = run.stdout.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (run.status !== 0 || !Number.isFinite(user)) throw new Error(`rg failed: ${run.stdout}${run.stderr}`);
  return { wall, cpu: user! + sys! };
}

const mbps = (bytes: number, seconds: number): string => `${(bytes / 1e6 / seconds).toFixed(0)} MB/s`;

async function main(): Promise<void> {
  const mb = sizeMb();
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `synthetic-${mb}mb.log`);
  if (!existsSync(path) || statSync(path).size < mb * MB) {
    const t = performance.now();
    generateLog(path, mb * MB);
    console.log(
      `generate  ${(statSync(path).size / 1e9).toFixed(2)} GB  ${((performance.now() - t) / 1000).toFixed(1)} s  ${path}`,
    );
    // Measure in a fresh process, so generating does not count in the peak RSS.
    const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
    process.exitCode = again.status ?? 1;
    return;
  }
  const bytes = statSync(path).size;
  const catalog = await loadRuleCatalog();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const obs = await observeRun(evidenceFor(path), catalog);
  const findings = classifyRun(obs, null, catalog);
  const cpuUsed = process.cpuUsage(cpu0);
  const ours = { wall: (performance.now() - started) / 1000, cpu: (cpuUsed.user + cpuUsed.system) / 1e6 };
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `scan  ${(bytes / 1e9).toFixed(2)} GB  ${mbps(bytes, ours.wall)}  ${ours.wall.toFixed(1)} s  (CPU ${mbps(bytes, ours.cpu)})  peak RSS ${rss.toFixed(0)} MB`,
  );
  for (const f of findings)
    console.log(`finding  ${f.classifier}  ${f.confidence.toFixed(2)}  ${f.summary.slice(0, 110)}`);
  for (const p of obs.problems) console.log(`problem  ${p}`);
  const patterns = ripgrepPatterns(catalog);
  const rg = timeRipgrep(path, patterns);
  if (rg === null) console.log('ripgrep  not installed (apt-get install -y ripgrep to compare)');
  else {
    console.log(
      `ripgrep  -j1 -c -f patterns.txt (${patterns.length} patterns)  ${mbps(bytes, rg.wall)}  ${rg.wall.toFixed(1)} s  (CPU ${mbps(bytes, rg.cpu)})`,
    );
    console.log(
      `ratio  ours/rg throughput  wall ${(rg.wall / ours.wall).toFixed(2)}  CPU ${(rg.cpu / ours.cpu).toFixed(2)}`,
    );
  }
  await benchSuspects();
}

await main();
