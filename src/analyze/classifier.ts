// The shape of a core classifier: a streaming observer that fills bounded state during the scan,
// and a pure `classify` that turns that state (and the baseline's) into findings.
import type { Finding } from '../types.ts';
import type { LineObserver, RunObservations } from './types.ts';

export interface ClassifyInput<S> {
  current: RunObservations;
  baseline: RunObservations | null;
  state: S;
  baselineState: S | null;
  /** Findings of the classifiers that ran before this one (for notes that defer to them). */
  earlier: Finding[];
}

export interface Classifier<S = unknown> {
  id: string;
  observer(maxText: number): LineObserver<S>;
  classify(input: ClassifyInput<S>): Finding[];
}

/** The observer state a run recorded for a classifier, or null when the observation lacks it. */
export function stateOf<S>(obs: RunObservations | null, id: string): S | null {
  const s = obs?.observers[id];
  return s && typeof s === 'object' ? (s as S) : null;
}
