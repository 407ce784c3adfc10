import { analyzePull } from '../../src/suspects/analyze-pull.ts';
import { findDanglingPresets } from '../../src/suspects/find-dangling-presets.ts';
import type { PullWithFiles } from '../../src/suspects/index.ts';
import { emptyTerms } from './fixtures.ts';

const REMOVE = '@@ -1,3 +0,0 @@\n-presets:\n-- labels:\n-    preset-a: "true"';
const ADD = '@@ -0,0 +1,3 @@\n+presets:\n+- labels:\n+    preset-a: "true"';

function pull(number: number, mergedAt: string, patch: string): PullWithFiles {
  return {
    repo: 'kubernetes/test-infra',
    number,
    title: 't',
    url: 'u',
    author: null,
    authorType: null,
    mergedAt,
    files: [{ filename: `f${number}.yaml`, status: 'modified', changes: 3, patch, previousFilename: null }],
  };
}

describe('findDanglingPresets', () => {
  it('names the PR that removed a preset the job still uses', () => {
    const analyses = [pull(1, '2025-01-08T00:00:00Z', REMOVE)].map(analyzePull);

    const dangling = findDanglingPresets(analyses, emptyTerms({ presets: ['preset-a', 'preset-b'] }));

    expect(dangling).toEqual([{ label: 'preset-a', removedBy: { repo: 'kubernetes/test-infra', number: 1 } }]);
  });

  it('does not report a preset re-added by a later PR', () => {
    const analyses = [pull(2, '2025-01-09T00:00:00Z', ADD), pull(1, '2025-01-08T00:00:00Z', REMOVE)].map(analyzePull);

    expect(findDanglingPresets(analyses, emptyTerms({ presets: ['preset-a'] }))).toEqual([]);
  });

  it('still reports labels the analyzer saw dangling, with no remover when the window shows none', () => {
    const dangling = findDanglingPresets([], emptyTerms({ presets: ['preset-a'], danglingPresets: ['preset-a'] }));

    expect(dangling).toEqual([{ label: 'preset-a', removedBy: null }]);
  });
});
