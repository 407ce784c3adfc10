// env-drift: a low-confidence note, not a cause. Since the baseline the job lost environment
// variables, or stopped resolving version variables up front, yet nothing in this run failed on it
// (else `empty-env` / `image-pull-manifest` would say so). Such drift breaks later runs; the note
// names it early. Its evidence is the baseline's lines (in facts), since this run shows an absence.
import type { EnvDriftFacts, EvidenceLine, Finding } from '../../types.ts';
import { danglingLabels } from '../baseline/dangling-labels.ts';
import { diffEnv, vanishedOf } from '../baseline/env-diff.ts';
import { stateOf, type Classifier } from '../classifier.ts';
import { fingerprintOf } from '../normalise.ts';
import { unresolvedSinceBaseline } from '../pull/drift.ts';
import type { PullState } from '../pull/pull-observer.ts';

const ID = 'env-drift';
const PULL_ID = 'image-pull-manifest';

export const envDrift: Classifier<null> = {
  id: ID,
  observer: () => ({ id: ID, triggers: [], init: () => null, onLine: () => 0 }),
  classify({ current, baseline, earlier }) {
    if (!baseline) return [];
    const explained = new Set(earlier.map((f) => f.classifier));
    const vanished = explained.has('empty-env') ? [] : vanishedOf(diffEnv(current, baseline));
    const pullNow = stateOf<PullState>(current, PULL_ID);
    const pullBefore = stateOf<PullState>(baseline, PULL_ID);
    const unresolved =
      explained.has(PULL_ID) || !pullNow || !pullBefore
        ? { variables: [], evidence: [] }
        : unresolvedSinceBaseline(pullNow, pullBefore);
    if (vanished.length === 0 && unresolved.variables.length === 0) return [];
    const names = [...vanished.map((c) => c.name), ...unresolved.variables];
    const envLines: EvidenceLine[] = vanished.flatMap((c) => {
      const line = baseline.logEnv?.lines[c.name];
      return line && baseline.logEnv
        ? [{ artifact: baseline.logEnv.artifact, line, text: `${c.name}=${c.before ?? ''}` }]
        : [];
    });
    const facts: EnvDriftFacts = { latent: true, baselineEvidence: [...envLines, ...unresolved.evidence].slice(0, 10) };
    if (vanished.length > 0) {
      Object.assign(facts, {
        envChanges: vanished,
        danglingLabels: danglingLabels(current.info, baseline.info, vanished),
      });
    }
    if (unresolved.variables.length > 0) facts.unresolvedSinceBaseline = unresolved.variables;
    const finding: Finding = {
      classifier: ID,
      category: 'latent',
      confidence: 0.25,
      summary: `Not the cause of this result, but since the baseline the job no longer gets ${names.join(', ')}; steps that rely on them may fail in later runs.`,
      facts,
      evidence: [],
      fingerprint: fingerprintOf(ID, [names.sort().join(',')]),
    };
    return [finding];
  },
};
