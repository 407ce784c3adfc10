// definition-change: a red run that nothing else explains, explained by what changed in the job's own
// definition since the baseline ("the job's image changed from A to B since the last green run").
import type { DefinitionChange, DefinitionChangeFinding, Finding } from '../../types.ts';
import type { Classifier } from '../classifier.ts';
import { describeChange } from '../definition/describe-change.ts';
import { definitionDiff } from '../definition/definition-changes.ts';
import { fingerprintOf } from '../normalise.ts';

const ID = 'definition-change';
const MAX_CHANGES = 8;
const MAX_SAID = 3;

/** Changes to what runs (image, command, args, env, cluster, mounts) say more than labels and annotations. */
function weightOf(c: DefinitionChange): number {
  if (/\.(image|command|args)$/.test(c.path) || c.path === 'spec.cluster') return 3;
  // Actions: the action or reusable workflow run, the runner image, a moved tag, the runner label.
  if (/\.uses$|\.runs-on$|^runner\.image|^actions\[/.test(c.path)) return 3;
  if (/\.env\[|\.volumes\[|\.volumeMounts\[|serviceAccountName|\[preset-/.test(c.path)) return 2;
  if (/\.secrets(\[|$)|\.with\.|\.run$|^runner\.version$/.test(c.path)) return 2;
  if (c.path.startsWith('metadata.annotations') || c.path.includes('utility_images')) return 0;
  return 1;
}

function explains(f: Finding): boolean {
  if (f.category === 'latent') return false;
  return !(f.classifier.startsWith('rule:') && 'generic' in f.facts && f.facts.generic === true);
}

export const definitionChange: Classifier<null> = {
  id: ID,
  observer: () => ({ id: ID, triggers: [], init: () => null, onLine: () => 0 }),
  classify({ current, baseline, earlier }): DefinitionChangeFinding[] {
    const red = current.info.result === 'FAILURE' || current.info.result === 'ERROR';
    if (!red || !baseline || earlier.some(explains)) return [];
    const all = definitionDiff(current, baseline);
    const ranked = all.filter((c) => weightOf(c) > 0).sort((a, b) => weightOf(b) - weightOf(a));
    if (ranked.length === 0) return [];
    const said = ranked.slice(0, MAX_SAID).map(describeChange);
    const more = ranked.length > MAX_SAID ? ` (and ${ranked.length - MAX_SAID} more)` : '';
    return [
      {
        classifier: ID,
        category: 'definition',
        confidence: 0.55,
        summary: `No failure pattern matched, but the job's definition changed since the last green run: ${said.join('; ')}${more}.`,
        facts: { changes: ranked.slice(0, MAX_CHANGES), total: all.length },
        evidence: ranked.slice(0, MAX_CHANGES).map((c) => ({
          artifact: c.source ?? 'prowjob.json',
          line: 0,
          text: `${c.path}: ${c.before ?? '(none)'} -> ${c.after ?? '(none)'}`.slice(0, 500),
        })),
        fingerprint: fingerprintOf(ID, [
          ranked
            .map((c) => c.path)
            .sort()
            .join(','),
        ]),
      },
    ];
  },
};
