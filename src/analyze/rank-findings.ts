// The one cause model: which finding explains the failure. Every stage (history walk, suspects,
// renderers) asks here, so the CLI, the PR comment and Slack always name the same cause.
import type { CoreClassifierId, Finding } from '../types.ts';

const CORE_IDS: ReadonlySet<string> = new Set<CoreClassifierId>([
  'image-pull-manifest',
  'empty-env',
  'pod-config-error',
  'pod-lifecycle',
]);

// A core classifier explains a failure in depth; a catalog rule about the same failure names a
// symptom. The bonus keeps the explanation first when confidences are close. Latent notes are never
// the cause: they rank below everything else.
const CORE_BONUS = 0.15;
const GENERIC_PENALTY = 0.1;

export function isCoreFinding(f: Finding): boolean {
  return CORE_IDS.has(f.classifier);
}

export function isLatentFinding(f: Finding): boolean {
  return f.category === 'latent';
}

function rankScore(f: Finding): number {
  if (isLatentFinding(f)) return f.confidence - 1;
  const generic = f.classifier.startsWith('rule:') && 'generic' in f.facts && f.facts.generic === true;
  return f.confidence + (isCoreFinding(f) ? CORE_BONUS : 0) - (generic ? GENERIC_PENALTY : 0);
}

/** Most likely cause first; ties broken by classifier and fingerprint so the order is stable. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      rankScore(b) - rankScore(a) ||
      a.classifier.localeCompare(b.classifier) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

/** The finding that explains the failure, or null when only latent notes (or nothing) were found. */
export function topCause(findings: readonly Finding[]): Finding | null {
  const first = rankFindings(findings)[0];
  return first && !isLatentFinding(first) ? first : null;
}
