// Every regex the shipped engine runs on log lines, named for the linear-time test and the verdict file.
import { defaultRulesPath, loadRulesFile } from '../../src/analyze/catalog/load-rule-catalog.ts';
import { ENV_LINE_PATTERNS } from '../../src/analyze/env/env-lines.ts';
import { ENV_BLOCK_PATTERNS } from '../../src/analyze/head/env-block.ts';
import { CI_PREFIX_PATTERNS, ERROR_LIKENESS_PATTERNS, LINE_KEY_PATTERNS } from '../../src/analyze/key-lines/index.ts';
import { RUNNER_HEADER_PATTERNS } from '../../src/analyze/head/runner-header.ts';
import { LINE_PREFIX_PATTERNS } from '../../src/analyze/line-prefix.ts';
import { NORMALISE_PATTERNS } from '../../src/analyze/normalise.ts';
import { POD_WORDING_PATTERNS } from '../../src/analyze/pod/pod-wordings.ts';
import { PULL_LINE_PATTERNS } from '../../src/analyze/pull/pull-lines.ts';
import { FOLLOW_UP_PATTERNS } from '../../src/analyze/pull/pull-observer.ts';
import { shippedWordings } from '../../src/analyze/wordings/load-wordings.ts';
import { CONTROL_PATTERNS, SECRET_PATTERNS } from '../../src/redact/index.ts';

const shipped = await loadRulesFile(await defaultRulesPath(), true);

const named = (label: string, patterns: readonly RegExp[]): [string, RegExp][] =>
  patterns.map((re, i): [string, RegExp] => [`${label} #${i + 1}`, re]);

export const LINEAR_CASES: [string, RegExp][] = [
  ...shipped.flatMap((r) => named(`rule ${r.id}`, [...r.patterns, ...r.context])),
  ...named('image-pull-manifest reader', PULL_LINE_PATTERNS),
  ...named('image-pull-manifest follow-up', FOLLOW_UP_PATTERNS),
  ...named('empty-env reader', ENV_LINE_PATTERNS),
  ...shippedWordings().wordings.map((w): [string, RegExp] => [`wording ${w.id}`, w.pattern]),
  ...named('CI line prefix', LINE_PREFIX_PATTERNS),
  ...named('normalise', NORMALISE_PATTERNS),
  ...named('pod-config-error wording', POD_WORDING_PATTERNS),
  ...named('Environment block', ENV_BLOCK_PATTERNS),
  ...named('Actions runner header', RUNNER_HEADER_PATTERNS),
  ...SECRET_PATTERNS.map(({ id, pattern }): [string, RegExp] => [`redactor ${id}`, pattern]),
  ...named('control characters', CONTROL_PATTERNS),
  ...named('key lines: error-likeness', ERROR_LIKENESS_PATTERNS),
  ...named('key lines: CI prefix', CI_PREFIX_PATTERNS),
  ...named('key lines: line key', LINE_KEY_PATTERNS),
];
