// Which dumped-empty value (`NODE_BINARY_TAR_URL: ` in a kube-env dump) the failing parameter got.
// A name scores when it shares words with the failing code line or parameter (`$urls` ~ `..._URL`),
// when the baseline had it set, and when it was dumped before the error in the same artifact.
// Below MIN_SCORE nothing is claimed: an empty value with no link to the error proves nothing, unless
// the error names nothing at all and one value alone was dumped empty just before it.
import type { RunObservations } from '../types.ts';
import { sharedWords, wordsOf } from '../words.ts';
import type { EnvErrorObs, EnvState, Located } from './env-observer.ts';

const MIN_SCORE = 3;

export interface EmptyValueLink {
  name: string;
  where: Located;
  score: number;
}

function setInBaseline(name: string, state: EnvState | null, baseline: RunObservations | null): boolean {
  if (state && Object.hasOwn(state.setValues, name)) return true;
  const pod = baseline?.info.env?.find((v) => v.name === name);
  if (pod?.value) return true;
  return Boolean(baseline?.logEnv?.vars[name]);
}

export function linkEmptyValue(
  err: EnvErrorObs,
  state: EnvState,
  baselineState: EnvState | null,
  baseline: RunObservations | null,
): EmptyValueLink | null {
  const topic = wordsOf(`${err.code ?? ''} ${err.parameter ?? ''}`);
  let best: EmptyValueLink | null = null;
  for (const empty of state.emptyValues) {
    const before = empty.artifact === err.artifact && empty.line < err.line;
    const score =
      3 * sharedWords(wordsOf(empty.name), topic).length +
      (setInBaseline(empty.name, baselineState, baseline) ? 2 : 0) +
      (before ? 1 : 0);
    const closer = best !== null && score === best.score && before && empty.line > best.where.line;
    if (score >= MIN_SCORE && (best === null || score > best.score || closer)) {
      best = { name: empty.name, where: empty, score };
    }
  }
  return best ?? onlyEmptyJustBefore(err, state);
}

const JUST_BEFORE = 30; // lines: a step's `Run` header with its `env:` block, then its output

/** The one value dumped empty just before the error (a step's env block), when the error names nothing. */
function onlyEmptyJustBefore(err: EnvErrorObs, state: EnvState): EmptyValueLink | null {
  if (err.parameter || err.code) return null;
  const near = state.emptyValues.filter(
    (e) => e.artifact === err.artifact && e.line < err.line && err.line - e.line <= JUST_BEFORE,
  );
  const names = new Set(near.map((e) => e.name));
  return names.size === 1 ? { name: near[0]!.name, where: near.at(-1)!, score: 1 } : null;
}
