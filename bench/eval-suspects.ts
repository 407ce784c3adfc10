// Suspect-ranking evaluation over the real regressions in ../shared/replays: for each case, the CLI runs on the red
// run as a user runs it (fake GitHub serving the PRs merged in the window, fresh cache), then again with the same
// cache. Prints one row per case and `culprit first: N/<cases>`.
//   node bench/eval-suspects.ts [--baseline green] [--config-repo-only] [--json] [case-id ...]
// `--baseline green` passes the green run as --baseline instead of letting the CLI find it in the job history.
// `--config-repo-only` serves only test-infra (the repos the run checked out then answer 404) instead of serving
// those with an empty window as real GitHub would.
import { loadReplays, culpritRank, prRef, runReplay } from '../test/replays/replay-harness.ts';
import type { BaselineMode, ReplayOutcome } from '../test/replays/replay-harness.ts';

interface Row {
  case: string;
  findings: string;
  top3: string;
  rank: string;
  cold: string;
  warm: string;
}

function parseArgs(argv: string[]): {
  baseline: BaselineMode;
  json: boolean;
  serveCheckedOut: boolean;
  only: string[];
} {
  let baseline: BaselineMode = 'history';
  let json = false;
  let serveCheckedOut = true;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (a === '--baseline') {
      const v = argv[++i];
      if (v !== 'green' && v !== 'history') throw new Error(`--baseline takes green or history, not ${v}`);
      baseline = v;
    } else if (a === '--json') json = true;
    else if (a === '--config-repo-only') serveCheckedOut = false;
    else if (a.startsWith('-')) throw new Error(`unknown flag ${a}`);
    else only.push(a);
  }
  return { baseline, json, serveCheckedOut, only };
}

function row(o: ReplayOutcome): Row {
  const r = o.cold.report;
  const rank = culpritRank(r, o.c.culprit);
  const failed = r === null ? ` (exit ${o.cold.code}: ${o.cold.stderr.trim().split('\n')[0] ?? ''})` : '';
  return {
    case: o.c.id,
    findings: r ? r.findings.map((f) => f.classifier).join(', ') || '(none)' : `(no report${failed})`,
    top3: r
      ? r.suspects
          .slice(0, 3)
          .map((s) => `#${s.number} ${s.score}`)
          .join(', ') || '(none)'
      : '-',
    rank: rank === null ? '-' : String(rank),
    cold: String(o.coldRequests),
    warm: String(o.warmRequests),
  };
}

function table(rows: Row[]): string {
  const head: Row = {
    case: 'case',
    findings: 'findings',
    top3: 'top-3 suspects (score)',
    rank: 'culprit rank',
    cold: 'requests cold',
    warm: 'requests warm',
  };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(
    cols.map((k) => [k, Math.max(...[head, ...rows].map((r) => r[k].length))]),
  ) as Record<keyof Row, number>;
  const line = (r: Row) => `| ${cols.map((k) => r[k].padEnd(width[k])).join(' | ')} |`;
  return [line(head), `|${cols.map((k) => '-'.repeat(width[k] + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { baseline, json, serveCheckedOut, only } = parseArgs(process.argv.slice(2));
  const all = loadReplays();
  const unknown = only.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`no such replay: ${unknown.join(', ')}`);
  const cases = only.length > 0 ? all.filter((c) => only.includes(c.id)) : all;
  const outcomes: ReplayOutcome[] = [];
  for (const c of cases) {
    const t = performance.now();
    const o = await runReplay(c, { baseline, serveCheckedOut });
    outcomes.push(o);
    const first = o.cold.report?.suspects[0];
    console.error(
      `${c.id}: culprit ${prRef(c.culprit)}, first ${first ? prRef(first) : 'none'} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
  }
  const firsts = outcomes.filter((o) => culpritRank(o.cold.report, o.c.culprit) === 1).length;
  if (json) {
    console.log(
      JSON.stringify(
        outcomes.map((o) => ({
          id: o.c.id,
          culprit: o.c.culprit,
          rank: culpritRank(o.cold.report, o.c.culprit),
          coldRequests: o.coldRequests,
          warmRequests: o.warmRequests,
          exitCode: o.cold.code,
          report: o.cold.report,
        })),
        null,
        2,
      ),
    );
  } else {
    console.log(
      `baseline: ${baseline === 'green' ? '--baseline <green run>' : 'from the job history'}; ` +
        `GitHub serves ${serveCheckedOut ? 'test-infra + an empty window for each checked-out repo' : 'test-infra only'}`,
    );
    console.log(table(outcomes.map(row)));
    const notes = outcomes.filter((o) => o.cold.report?.suspectsNote);
    if (notes.length > 0)
      console.log(
        ['', 'suspect notes:', ...notes.map((o) => `  ${o.c.id}: ${o.cold.report?.suspectsNote}`)].join('\n'),
      );
  }
  (json ? console.error : console.log)(`culprit first: ${firsts}/${outcomes.length}`);
}

await main();
