// classifyRun: pure. Core classifiers read their state (and the baseline's), catalog rules turn
// their hits into findings, and everything is ranked: most likely cause first.
import type { Finding } from '../types.ts';
import { catalogFindings } from './catalog/catalog-findings.ts';
import type { RuleCatalog } from './catalog/types.ts';
import { CORE_CLASSIFIERS } from './core-classifiers.ts';
import { rankFindings } from './rank-findings.ts';
import type { RunObservations } from './types.ts';

export function classifyRun(
  current: RunObservations,
  baseline: RunObservations | null,
  catalog: RuleCatalog,
): Finding[] {
  const findings: Finding[] = [];
  // Catalog findings first, so classifiers that only speak when nothing else explains the run can see them.
  const ruleFindings = catalogFindings(current, catalog);
  for (const c of CORE_CLASSIFIERS) {
    if (!Object.hasOwn(current.observers, c.id)) continue;
    findings.push(
      ...c.classify({
        current,
        baseline,
        state: current.observers[c.id] as never,
        baselineState: (baseline?.observers[c.id] ?? null) as never,
        earlier: [...ruleFindings, ...findings],
      }),
    );
  }
  findings.push(...ruleFindings);
  // A user's own rule always speaks: it was written for this project's lines.
  const userRules = new Set(catalog.rules.filter((r) => catalog.files.indexOf(r.file) > 0).map((r) => `rule:${r.id}`));
  return rankFindings(symptomsDefer(oneCausePerLine(findings, userRules), userRules));
}

/** Categories whose shipped rules state a symptom: a failed test is where a cause shows, not the cause. */
const SYMPTOM_CATEGORIES: ReadonlySet<string> = new Set(['test']);

const isGeneric = (f: Finding): boolean => 'generic' in f.facts && f.facts.generic === true;

// Lines a cause may stand before the failed test it explains: the test's own output (relab/hotstuff's
// `toomanyrequests` two lines above `--- FAIL: TestDeployment`).
const CAUSE_REACH = 100;

/**
 * A shipped rule that only says tests failed (`--- FAIL: TestX`, pytest's summary) says less than a
 * more confident rule of another category whose line stands just before it: the rate limit or the
 * disk-full error the test ran into is the cause, the failed test its consequence. Only a cause
 * before the test, and near it, counts: a log of several jobs keeps its unrelated test failures, and
 * a Go test killed for memory is reported before the kernel's OOM line and stays listed. Generic
 * catch-alls and latent notes explain nothing, so they never silence it; a generic catch-all itself
 * (kubetest's summary) already ranks below every specific cause and stays listed there. Core
 * findings do not silence it either: they tie the failing spec to their cause themselves
 * (image-pull-manifest's Ginkgo spec) and the reports list the spec below them.
 */
function symptomsDefer(findings: Finding[], userRules: ReadonlySet<string>): Finding[] {
  const causeBefore = (f: Finding, e: Finding['evidence'][number]): boolean =>
    findings.some(
      (g) =>
        g !== f &&
        g.classifier.startsWith('rule:') &&
        !SYMPTOM_CATEGORIES.has(g.category) &&
        g.category !== 'latent' &&
        !isGeneric(g) &&
        g.confidence > f.confidence &&
        g.evidence.some((x) => x.artifact === e.artifact && x.line < e.line && e.line - x.line <= CAUSE_REACH),
    );
  return findings.filter(
    (f) =>
      !f.classifier.startsWith('rule:') ||
      userRules.has(f.classifier) ||
      !SYMPTOM_CATEGORIES.has(f.category) ||
      isGeneric(f) ||
      f.evidence.length === 0 ||
      !f.evidence.every((e) => causeBefore(f, e)),
  );
}

const lineKey = (e: Finding['evidence'][number]): string => `${e.artifact}\n${e.line}`;

/**
 * One line, one cause: a shipped catalog rule whose every evidence line a more confident finding of another
 * classifier also cites (or a core classifier as confident) says less about those lines than that
 * finding (npm's generic `code ECONNRESET` beside the network rule for it, kind's "failed to create
 * cluster" beside the pull that failed, a quota rule beside the registry's `toomanyrequests`).
 */
function oneCausePerLine(findings: Finding[], userRules: ReadonlySet<string>): Finding[] {
  return findings.filter(
    (f) =>
      !f.classifier.startsWith('rule:') ||
      userRules.has(f.classifier) ||
      f.evidence.length === 0 ||
      !f.evidence.every((e) =>
        findings.some(
          (g) =>
            g !== f &&
            g.classifier !== f.classifier &&
            (g.confidence > f.confidence || (g.confidence === f.confidence && !g.classifier.startsWith('rule:'))) &&
            g.evidence.some((x) => lineKey(x) === lineKey(e)),
        ),
      ),
  );
}

/** Same classifier and same normalised key facts: the same cause, whichever run it came from. */
export function isSameCause(a: Finding, b: Finding): boolean {
  return a.classifier === b.classifier && a.fingerprint === b.fingerprint;
}
