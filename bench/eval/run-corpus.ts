// Runs corpus cases through the CLI's own code path: each excerpt is written to a log file and analysed by
// `runAnalyze` exactly as `ci-triage analyze <file> --json --no-suspects` does, with an empty environment
// (no token, so nothing leaves the machine).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topCause, rankFindings } from '../../src/analyze/index.ts';
import { runAnalyze } from '../../src/cli/analyze-command.ts';
import { readCliSettings } from '../../src/config/index.ts';
import type { CliSettings } from '../../src/config/index.ts';
import type { Finding, Report } from '../../src/types.ts';
import type { CorpusCase } from '../../test/corpus/load-corpus.ts';
import type { EvalClass } from './classes.ts';
import { NONE, classOfCase, classOfFinding } from './classes.ts';

/** One corpus case as analysed: what a metric reads. */
export interface CaseResult {
  case: CorpusCase;
  /** The class the case is labelled with. */
  expected: EvalClass;
  /** The class of the report's top cause, `none` when nothing explains the failure. */
  predicted: EvalClass;
  /** The report's top cause. */
  top: Finding | null;
  /** Every finding of the report, most likely cause first. */
  findings: Finding[];
  /** The report as `ci-triage analyze --json` prints it. */
  report: Report;
  /** The artifact name the excerpt was analysed under (evidence and key lines name it). */
  artifact: string;
}

export async function runCorpus(cases: readonly CorpusCase[]): Promise<CaseResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-triage-eval-'));
  const read = readCliSettings({});
  if (!read.ok) throw new Error('eval: the empty environment did not parse');
  const settings = read.data;
  try {
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await runCase(c, dir, settings));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runCase(c: CorpusCase, dir: string, settings: CliSettings): Promise<CaseResult> {
  const artifact = `${c.id}.log`;
  const file = join(dir, artifact);
  await writeFile(file, c.log);
  const report = await runAnalyze(
    file,
    { format: 'json', rules: [], suspects: false, configRepo: [] },
    { settings, out: () => {} },
    null,
  );
  const top = topCause(report.findings);
  return {
    case: c,
    expected: classOfCase(c),
    predicted: top ? classOfFinding(top) : NONE,
    top,
    findings: rankFindings(report.findings),
    report,
    artifact,
  };
}
