// How often the key lines point at the cause: each corpus case's excerpt goes through the same path as
// `ci-triage analyze <log file>` (ingest, scan, classify, key lines, redaction), and the case's
// `rootLine` (the line that states the cause) is looked for among the first key lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleCatalog } from '../src/analyze/index.ts';
import type { RuleCatalog } from '../src/analyze/index.ts';
import { triage } from '../src/triage.ts';
import type { TriageDeps } from '../src/triage.ts';

/** The parts of a corpus case this measure reads (test/corpus/load-corpus.ts has the full shape). */
export interface KeyLineCase {
  id: string;
  label: string;
  log: string;
  rootLine: string;
}

export interface KeyLineOutcome {
  id: string;
  label: string;
  /** 1-based rank of the first key line that is the root line; null when none is. */
  rank: number | null;
  keyLines: number;
  /** A finding explained the run (key lines are then fewer). */
  explained: boolean;
}

export interface KeyLineHitRate {
  cases: number;
  top1: number;
  top3: number;
  outcomes: KeyLineOutcome[];
}

/** Line numbers (1-based) at which the excerpt holds the root line. */
function rootLineNumbers(c: KeyLineCase): Set<number> {
  const out = new Set<number>();
  c.log.split('\n').forEach((text, i) => {
    if (text === c.rootLine || text.trim() === c.rootLine.trim()) out.add(i + 1);
  });
  return out;
}

export async function keyLineOutcome(c: KeyLineCase, deps: TriageDeps, dir: string): Promise<KeyLineOutcome> {
  const file = join(dir, `${c.id}.log`);
  writeFileSync(file, c.log);
  const report = await triage({ source: file, suspects: false }, deps);
  const roots = rootLineNumbers(c);
  const at = report.keyLines.findIndex((k) => roots.has(k.line));
  return {
    id: c.id,
    label: c.label,
    rank: at < 0 ? null : at + 1,
    keyLines: report.keyLines.length,
    explained: report.findings.some((f) => f.category !== 'latent'),
  };
}

/** Top-1 and top-3 hit rates of the key lines over the cases (0..1). */
export async function keyLineHitRate(cases: KeyLineCase[], catalog?: RuleCatalog): Promise<KeyLineHitRate> {
  const deps: TriageDeps = { sources: {}, catalog: catalog ?? (await loadRuleCatalog()), suspects: null };
  const dir = mkdtempSync(join(tmpdir(), 'ci-triage-keylines-'));
  try {
    const outcomes: KeyLineOutcome[] = [];
    for (const c of cases) outcomes.push(await keyLineOutcome(c, deps, dir));
    const within = (k: number): number =>
      outcomes.length === 0 ? 0 : outcomes.filter((o) => o.rank !== null && o.rank <= k).length / outcomes.length;
    return { cases: outcomes.length, top1: within(1), top3: within(3), outcomes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
