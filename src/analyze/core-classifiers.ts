// The core classifiers, in the order they classify (env-drift last: it defers to the others).
import type { Classifier } from './classifier.ts';
import { emptyEnv } from './classifiers/empty-env.ts';
import { envDrift } from './classifiers/env-drift.ts';
import { imagePullManifest } from './classifiers/image-pull-manifest.ts';

export const CORE_CLASSIFIERS: Classifier<never>[] = [
  imagePullManifest as Classifier<never>,
  emptyEnv as Classifier<never>,
  envDrift as Classifier<never>,
];
