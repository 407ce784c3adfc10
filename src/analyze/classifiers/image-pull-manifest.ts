// image-pull-manifest: a pull failed because the tag or digest does not exist in the registry.
// A failed pull of a reference the run later built, pulled or found locally was recovered (CAPI
// pre-pulls every kindest/node tag it is about to build) and is not reported. Rate limits, auth
// denials and network errors are catalog rules, not this.
import type { Finding, ImagePullFacts, ImagePullFinding } from '../../types.ts';
import type { Classifier, ClassifyInput } from '../classifier.ts';
import { fingerprintOf } from '../normalise.ts';
import { findDrift, resolvedVersions, unresolvedSinceBaseline } from '../pull/drift.ts';
import { asRequested, parseImageRef } from '../pull/image-ref.ts';
import { pullObserver, type Located, type PullState } from '../pull/pull-observer.ts';

const ID = 'image-pull-manifest';
const MAX_FINDINGS = 3;
const MAX_EVIDENCE = 8;
const SPEC_REACH = 500; // lines between a Ginkgo spec header and the error inside its report
// Wordings below this say a pull failed without saying the manifest is missing (kind's spinner,
// kubelet's back-off, docker's "denied ... may not exist"): they count only when nothing else
// about the registry (rate limit, auth) explains the run.
const WEAK = 0.6;
// Below this a wording only says a pull failed (kubelet's ErrImagePull reason, its back-off): with no
// image named either, it says nothing about a missing manifest.
const SAYS_MISSING = 0.5;

type NotFound = PullState['notFound'][number];

function isRecovered(f: NotFound, s: PullState): boolean {
  return s.produced.some(
    (p) => p.key === f.key && p.how !== 'building' && p.artifact === f.artifact && p.line > f.line,
  );
}

function specFor(f: NotFound, s: PullState): PullState['specs'][number] | null {
  const near = s.specs.findLast((x) => x.artifact === f.artifact && x.line <= f.line && f.line - x.line < SPEC_REACH);
  const named = s.specs.filter((x) => x.name !== null);
  return near ?? (named.length === 1 ? named[0]! : null);
}

/** `test/framework/x.go:196` from `/home/prow/go/src/sigs.k8s.io/cluster-api/test/framework/x.go:196`. */
export function repoRelative(location: string): string {
  const m = /\/go\/src\/(?:github\.com\/[^/]+\/[^/]+|[^/]+\/[^/]+)\/(.+)$/.exec(location);
  return m ? m[1]! : location;
}

function groupsOf(s: PullState): NotFound[][] {
  const groups = new Map<string, NotFound[]>();
  for (const f of s.notFound) {
    if (isRecovered(f, s)) continue;
    const g = groups.get(f.key) ?? [];
    g.push(f);
    groups.set(f.key, g);
  }
  const tied = (g: NotFound[]): boolean => s.kind.some((k) => k.key === g[0]!.key) || specFor(g[0]!, s) !== null;
  return [...groups.values()].sort((a, b) => Number(tied(b)) - Number(tied(a)) || a[0]!.line - b[0]!.line);
}

/** The group's lines that say the manifest is missing (or all of them, when none does). */
function strongest(group: NotFound[]): NotFound[] {
  const strong = group.filter((g) => g.confidence >= WEAK);
  return strong.length > 0 ? strong : group;
}

function evidenceOf(lines: Located[]): Finding['evidence'] {
  const seen = new Set<string>();
  const out: Finding['evidence'] = [];
  for (const l of lines) {
    const k = `${l.artifact}:${l.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ artifact: l.artifact, line: l.line, text: l.text });
  }
  return out.slice(0, MAX_EVIDENCE);
}

function summaryOf(image: string | null, facts: ImagePullFacts, unresolved: string[]): string {
  let s = image
    ? `Pulling ${image} failed because the registry has no such tag or digest (manifest unknown)`
    : 'An image pull failed because the registry has no such tag or digest (manifest unknown); the log does not name the image';
  if (facts.cluster) s += ` while kind created cluster "${String(facts.cluster)}"`;
  const drift = facts.drift;
  if (drift) s += `; the run had ${drift.available.join(', ')} but asked for ${drift.requested} (version drift)`;
  if (unresolved.length > 0) s += `; unlike the baseline, ${unresolved.join(', ')} was not resolved up front`;
  return `${s}.`;
}

const REQUEST_REACH = 50; // lines between a pull as asked for and the error about it

/**
 * The image as the run asked for it: the request nearest the error (before it, else after it) that
 * names the same image: its registry host as written, the tag as requested or else as the tool printed it.
 */
function requestedRef(first: NotFound, s: PullState): string {
  let best: { ref: string; d: number } | null = null;
  for (const r of s.requests ?? []) {
    if (r.artifact !== first.artifact || Math.abs(r.line - first.line) > REQUEST_REACH) continue;
    const ref = asRequested(r.ref, first.ref);
    if (ref === null) continue;
    // Before the error beats after it; nearer beats farther.
    const d = r.line <= first.line ? first.line - r.line : REQUEST_REACH + r.line - first.line;
    if (!best || d < best.d) best = { ref, d };
  }
  return best?.ref ?? first.ref;
}

// Several pulls failing in one run (a compose file, a matrix of images) are all reported, in the order
// groupsOf gives (tied to a failing spec first, then as logged). The first is where the run broke: each
// later one ranks a step below it, so the top cause names the image whose pull failed first rather
// than whichever fingerprint sorts first.
const LATER_STEP = 0.01;

function findingFor(group: NotFound[], input: ClassifyInput<PullState>, order: number): ImagePullFinding {
  const { state: s, baselineState } = input;
  const first = { ...group[0]!, ref: requestedRef(group[0]!, s) };
  const ref = parseImageRef(first.ref);
  const kind = s.kind.filter((k) => k.key === first.key);
  const spec = specFor(first, s);
  const drift = findDrift(first.ref, s, baselineState);
  const unresolved = baselineState ? unresolvedSinceBaseline(s, baselineState) : null;
  const facts: ImagePullFacts = {
    image: first.ref,
    repository: ref?.repository ?? null,
    tool: first.tool,
    wording: first.wording,
    occurrences: strongest(group).length,
  };
  if (ref?.tag) facts.tag = ref.tag;
  if (ref?.digest) facts.digest = ref.digest;
  const cluster = kind.find((k) => k.cluster)?.cluster;
  if (cluster) facts.cluster = cluster;
  if (spec?.name) facts.test = spec.name;
  if (s.suite) facts.suite = s.suite;
  if (spec?.location) facts.location = repoRelative(spec.location);
  if (drift) facts.drift = drift.drift;
  if (drift?.fromBaseline) facts.driftFrom = 'baseline';
  const versions = resolvedVersions(s);
  if (Object.keys(versions).length > 0) facts.resolvedVersions = versions;
  if (unresolved) {
    facts.unresolvedSinceBaseline = unresolved.variables;
    facts.unresolvedEvidence = unresolved.evidence;
  }
  const tied = kind.length > 0 || spec !== null;
  // The wording's own confidence caps it: an ambiguous wording ("pull access denied ... may not exist")
  // stays below the catalog rule that names the same line.
  const bestWording = Math.max(...group.map((g) => g.confidence));
  const confidence =
    Math.min(
      0.95,
      bestWording + (drift ? 0.04 : 0),
      (tied ? 0.9 : input.current.info.result === 'FAILURE' ? 0.8 : 0.7) + (drift ? 0.04 : 0),
    ) -
    order * LATER_STEP;
  const lines = [
    ...kind.slice(0, 2),
    ...strongest(group).slice(0, 2),
    ...(spec ? [spec] : []),
    ...(drift && !drift.fromBaseline ? drift.evidence : []),
  ];
  lines.sort((a, b) => a.artifact.localeCompare(b.artifact) || a.line - b.line);
  return {
    classifier: ID,
    category: 'registry',
    confidence,
    summary: summaryOf(first.ref, facts, unresolved?.variables ?? []),
    facts,
    evidence: evidenceOf(lines),
    fingerprint: fingerprintOf(ID, [
      ref?.repository ?? first.ref,
      ref?.tag ?? ref?.digest,
      drift ? 'drift' : null,
      spec?.name ?? spec?.location,
    ]),
  };
}

type Unnamed = NonNullable<PullState['unnamed']>[number];

/**
 * Not-found lines that name no image and follow no pull line that does (a plugin's retried
 * `docker pull` whose command is not echoed): the cause is still a missing manifest, so one finding
 * says so, with the image left null, when no named failure explains the run.
 */
function unnamedFinding(lines: Unnamed[], input: ClassifyInput<PullState>): ImagePullFinding {
  const first = lines[0]!;
  const facts: ImagePullFacts = {
    image: null,
    repository: null,
    tool: first.tool,
    wording: first.wording,
    occurrences: lines.length,
  };
  const failed = input.current.info.result === 'FAILURE';
  return {
    classifier: ID,
    category: 'registry',
    confidence: Math.min(Math.max(...lines.map((l) => l.confidence)), failed ? 0.8 : 0.7),
    summary: summaryOf(null, facts, []),
    facts,
    evidence: evidenceOf(lines),
    fingerprint: fingerprintOf(ID, ['unnamed', first.wording]),
  };
}

export const imagePullManifest: Classifier<PullState> = {
  id: ID,
  observer: (maxText) => pullObserver(ID, maxText),
  classify(input) {
    // A green run failed nothing: its unrecovered pulls (optional images, retries) explain no failure.
    if (input.current.info.result === 'SUCCESS') return [];
    const registryCause = input.earlier.some((f) => f.category === 'registry');
    const named = groupsOf(input.state)
      .filter((g) => !registryCause || g.some((f) => f.confidence >= WEAK))
      .slice(0, MAX_FINDINGS)
      .map((g, i) => findingFor(g, input, i));
    if (named.length > 0 || input.state.notFound.length > 0) return named;
    const unnamed = (input.state.unnamed ?? []).filter(
      (u) => u.confidence >= SAYS_MISSING && (!registryCause || u.confidence >= WEAK),
    );
    return unnamed.length > 0 ? [unnamedFinding(unnamed, input)] : [];
  },
};
