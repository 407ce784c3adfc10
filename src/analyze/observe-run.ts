// observeRun: one streaming pass over every log of a run (and its pod info), feeding the core
// classifiers' observers, the catalog rules in force at the run's start, the Environment block
// reader and the line digest. Returns small, plain-JSON observations; never throws on bad input.
import type { RunEvidence } from '../types.ts';
import { ruleObserver } from './catalog/rule-observer.ts';
import type { CompiledRule, RuleCatalog } from './catalog/types.ts';
import { CORE_CLASSIFIERS } from './core-classifiers.ts';
import { EnvBlockReader } from './head/env-block.ts';
import { LineDigest } from './head/line-digest.ts';
import { keyLineObserver } from './key-lines/index.ts';
import { RunnerHeaderReader } from './head/runner-header.ts';
import { formatBytes, resolveLimits } from './limits.ts';
import { ArtifactScanner, guarded, type ScanPlan } from './scan/artifact-scanner.ts';
import { compileLiteralMatcher } from './scan/literal-matcher.ts';
import { scanArtifact } from './scan/scan-artifact.ts';
import type { ArtifactSummary, LineObserver, RunObservations, ScanLimits, Trigger } from './types.ts';

/** Rules whose time bounds include the run's start (unknown start: every rule). */
export function rulesInForce(catalog: RuleCatalog, startedAt: string | null): CompiledRule[] {
  const at = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isNaN(at)) return catalog.rules;
  return catalog.rules.filter(
    (r) => (r.validFrom === null || at >= r.validFrom) && (r.validUntil === null || at < r.validUntil),
  );
}

function buildPlan(observers: LineObserver[], limits: ScanLimits, onHeadLine: ScanPlan['onHeadLine']): ScanPlan {
  const triggers: Trigger[] = [];
  const owners: number[][] = [];
  const index = new Map<string, number>();
  observers.forEach((o, i) => {
    for (const t of o.triggers) {
      const key = `${t.ignoreCase ? 'i' : 's'}:${t.text}`;
      let at = index.get(key);
      if (at === undefined) {
        at = triggers.push(t) - 1;
        index.set(key, at);
        owners.push([]);
      }
      if (!owners[at]!.includes(i)) owners[at]!.push(i);
    }
  });
  const states = observers.map((o) => o.init());
  const disabled = observers.map(() => false);
  return {
    matcher: compileLiteralMatcher(triggers),
    triggers,
    owners,
    observers,
    states,
    onHeadLine,
    limits,
    disabled,
    problems: [],
  };
}

/** Pod events and container states, scanned like a small log named `podinfo.json`. */
function podInfoText(evidence: RunEvidence): string | null {
  const pod = evidence.podInfo;
  if (!pod) return null;
  const lines = [
    ...pod.events.map((e) => `${e.type ?? 'Event'} ${e.reason}: ${e.message}`),
    ...pod.containerStatuses.map(
      (c) => `container ${c.name}: ${c.waitingReason ?? c.terminatedReason ?? 'running'}: ${c.waitingMessage ?? ''}`,
    ),
  ];
  return lines.map((l) => l.replace(/[\r\n]+/g, ' ')).join('\n');
}

export async function observeRun(
  evidence: RunEvidence,
  catalog: RuleCatalog,
  limits?: Partial<ScanLimits>,
): Promise<RunObservations> {
  const lim = resolveLimits(limits);
  const rules = rulesInForce(catalog, evidence.info.startedAt);
  const observers: LineObserver[] = [
    ...CORE_CLASSIFIERS.map((c) => c.observer(lim.maxEvidenceChars) as LineObserver),
    ...rules.map((r) => ruleObserver(r, lim.maxEvidenceChars) as LineObserver),
    keyLineObserver(lim.maxEvidenceChars) as LineObserver,
  ];
  const env = new EnvBlockReader();
  const digest = new LineDigest(lim.maxDigestLines, lim.maxEvidenceChars);
  const runner = new RunnerHeaderReader();
  const plan = buildPlan(observers, lim, (line) => {
    env.onHeadLine(line);
    runner.onHeadLine(line);
    if (!env.isInside(line)) digest.add(line);
    observers.forEach((o, i) => o.onHeadLine && guarded(plan, i, line, () => o.onHeadLine!(plan.states[i], line)));
  });
  const problems = plan.problems;
  const artifacts: ArtifactSummary[] = [];
  const budget = { left: lim.maxBytesPerRun };
  for (const log of evidence.logs) {
    if (budget.left <= 0) {
      problems.push(`${log.name}: not scanned: the run's byte cap (${formatBytes(lim.maxBytesPerRun)}) was reached`);
      continue;
    }
    artifacts.push(await scanArtifact(log, plan, budget, problems));
  }
  const pod = podInfoText(evidence);
  if (pod) {
    const scanner = new ArtifactScanner('podinfo.json', { ...plan, limits: { ...lim, headLines: 0 } });
    scanner.push(new TextEncoder().encode(`${pod}\n`));
    scanner.end();
  }
  return {
    schemaVersion: 1,
    info: evidence.info,
    logEnv: env.block,
    artifacts,
    digest: digest.entries,
    digestComplete: digest.complete,
    pod: evidence.podInfo,
    runner: runner.header,
    observers: Object.fromEntries(observers.map((o, i) => [o.id, plan.states[i]])),
    problems,
  };
}
