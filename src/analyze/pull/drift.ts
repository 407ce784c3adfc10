// Version drift: the run asked for one version of an image while it built, loaded, pulled or
// resolved another of the same version line; and version variables a baseline resolved up front
// that this run no longer resolves.
import type { EvidenceLine } from '../types.ts';
import { canonicalRepository, looksLikeVersion, parseImageRef, tagToVersion, versionLine } from './image-ref.ts';
import type { Located, PullState } from './pull-observer.ts';

export interface Drift {
  requested: string;
  available: string[];
}

export interface DriftResult {
  drift: Drift;
  evidence: Located[];
  fromBaseline: boolean;
}

/**
 * Versions of `repository` the run had, each with the line showing it: resolved, then built or
 * pulled. A resolved version counts only when the run made this image from resolved versions (so a
 * Kubernetes version resolved for another purpose does not look like a tag of any image).
 */
function candidates(state: PullState, repository: string): { version: string; where: Located; rank: number }[] {
  const made: { version: string; where: Located; rank: number }[] = [];
  for (const p of state.produced) {
    const ref = parseImageRef(p.ref);
    if (ref?.tag && canonicalRepository(ref.repository) === repository) {
      made.push({ version: tagToVersion(ref.tag), where: p, rank: p.how === 'building' ? 2 : 1 });
    }
  }
  const resolved = state.resolved.map((r) => ({ version: r.version, where: r as Located, rank: 0 }));
  const linked = made.some((m) => resolved.some((r) => r.version === m.version));
  return linked ? [...resolved, ...made] : made;
}

function availableFrom(
  state: PullState,
  repository: string,
  requested: string,
): { available: string[]; evidence: Located[] } {
  const line = versionLine(requested);
  const best = new Map<string, Located[]>();
  for (const c of candidates(state, repository)) {
    if (!looksLikeVersion(c.version) || versionLine(c.version) !== line || c.version === requested) continue;
    const lines = best.get(c.version) ?? [];
    // One line per kind of proof: how it was resolved, and how the image came to exist.
    if (lines.length === 0 || (lines.length === 1 && c.rank === 1 && !lines.some((l) => 'how' in l)))
      lines.push(c.where);
    best.set(c.version, lines);
  }
  return { available: [...best.keys()], evidence: [...best.values()].flat() };
}

/** Drift for a failing reference, from this run first and from the baseline when this run has none. */
export function findDrift(image: string, current: PullState, baseline: PullState | null): DriftResult | null {
  const ref = parseImageRef(image);
  if (!ref?.tag) return null;
  const requested = tagToVersion(ref.tag);
  if (!looksLikeVersion(requested)) return null;
  const repository = canonicalRepository(ref.repository);
  const here = availableFrom(current, repository, requested);
  if (here.available.length > 0)
    return { drift: { requested, available: here.available }, evidence: here.evidence, fromBaseline: false };
  if (!baseline) return null;
  const before = availableFrom(baseline, repository, requested);
  if (before.available.length === 0) return null;
  return { drift: { requested, available: before.available }, evidence: before.evidence, fromBaseline: true };
}

/** Variable -> version, first resolution wins. */
export function resolvedVersions(state: PullState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of state.resolved) out[r.variable] ??= r.version;
  return out;
}

/** Variables the baseline resolved or defaulted up front that this run did not, with the baseline lines. */
export function unresolvedSinceBaseline(
  current: PullState,
  baseline: PullState,
): { variables: string[]; evidence: EvidenceLine[] } {
  const now = new Set([...current.resolved.map((r) => r.variable), ...current.defaulted.map((d) => d.variable)]);
  const variables: string[] = [];
  const evidence: EvidenceLine[] = [];
  const lines = [...baseline.defaulted, ...baseline.resolved].sort((a, b) => a.line - b.line);
  for (const l of lines) {
    if (now.has(l.variable)) continue;
    if (!variables.includes(l.variable)) variables.push(l.variable);
    if (evidence.length < 6) evidence.push({ artifact: l.artifact, line: l.line, text: l.text });
  }
  return { variables, evidence };
}
