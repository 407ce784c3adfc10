// The core classifiers, in the order they classify (env-drift and definition-change last: they defer
// to the others, and to catalog rules, which classify first).
import type { Classifier } from './classifier.ts';
import { definitionChange } from './classifiers/definition-change.ts';
import { emptyEnv } from './classifiers/empty-env.ts';
import { envDrift } from './classifiers/env-drift.ts';
import { imagePullManifest } from './classifiers/image-pull-manifest.ts';
import { podConfigError } from './classifiers/pod-config-error.ts';
import { podLifecycle } from './classifiers/pod-lifecycle.ts';

export const CORE_CLASSIFIERS: Classifier<never>[] = [
  imagePullManifest as Classifier<never>,
  emptyEnv as Classifier<never>,
  podConfigError as Classifier<never>,
  podLifecycle as Classifier<never>,
  envDrift as Classifier<never>,
  definitionChange as Classifier<never>,
];
