import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyRun, isSameCause, loadRuleCatalog, rankFindings, topCause } from '../../src/analyze/index.ts';
import { expectFinding, makeFinding as finding } from '../helpers/findings.ts';
import { lines, observeText, shippedCatalog } from './support.ts';

/** The classifiers of the findings the shipped catalog gives for a log, in rank order. */
async function classify(text: string): Promise<string[]> {
  const catalog = await shippedCatalog();
  return classifyRun(await observeText(text, { catalog }), null, catalog).map((f) => f.classifier);
}

describe('rankFindings', () => {
  it('puts a core finding above a catalog finding of the same confidence', () => {
    const out = rankFindings([finding('rule:no-space-left', 0.85), finding('empty-env', 0.85)]);

    expect(out.map((f) => f.classifier)).toEqual(['empty-env', 'rule:no-space-left']);
  });

  it('puts generic rules and latent notes last', () => {
    const out = rankFindings([
      finding('rule:kubetest-failed', 0.3, { facts: { generic: true } }),
      finding('env-drift', 0.25, { category: 'latent' }),
      finding('rule:release-tarball-missing', 0.35),
      finding('rule:gce-quota-exceeded', 0.85),
    ]);

    expect(out.map((f) => f.classifier)).toEqual([
      'rule:gce-quota-exceeded',
      'rule:release-tarball-missing',
      'rule:kubetest-failed',
      'env-drift',
    ]);
  });
});

describe('topCause', () => {
  it('is the best-ranked finding, a catalog rule when it outranks a core finding', () => {
    const top = topCause([
      finding('empty-env', 0.5),
      finding('rule:gce-quota-exceeded', 0.85),
      finding('env-drift', 0.99, { category: 'latent' }),
    ]);

    expect(top?.classifier).toBe('rule:gce-quota-exceeded');
  });

  it('is null when only latent notes were found', () => {
    expect(topCause([finding('env-drift', 0.25, { category: 'latent' })])).toBeNull();
  });
});

describe('isSameCause', () => {
  it('needs the same classifier and fingerprint', () => {
    const a = finding('empty-env', 0.9, { fingerprint: 'x' });

    expect(isSameCause(a, { ...a, confidence: 0.5, summary: 'other words.' })).toBe(true);
    expect(isSameCause(a, { ...a, fingerprint: 'y' })).toBe(false);
    expect(isSameCause(a, { ...a, classifier: 'rule:x' } as typeof a)).toBe(false);
  });
});

describe('latent version drift', () => {
  it('notes, on a green run, a version variable the baseline resolved up front and this run did not', async () => {
    const catalog = await shippedCatalog();
    const resolved = (v: string): string => `+ ${v}="ci/latest-1.33" resolved to "v1.33.0-alpha.0.2741+93d7a0c5e1f28b"`;
    const before = await observeText(
      lines(
        'Defaulting KUBERNETES_VERSION_LATEST_CI to ci/latest-1.33',
        resolved('KUBERNETES_VERSION'),
        resolved('KUBERNETES_VERSION_LATEST_CI'),
      ),
      { info: { result: 'SUCCESS' } },
    );
    const after = await observeText(lines(resolved('KUBERNETES_VERSION')), { info: { result: 'SUCCESS' } });

    const [note, ...rest] = classifyRun(after, before, catalog);

    expect(rest).toEqual([]);
    expect(note).toMatchObject({
      classifier: 'env-drift',
      category: 'latent',
      facts: { unresolvedSinceBaseline: ['KUBERNETES_VERSION_LATEST_CI'] },
    });
    expect(expectFinding(note, 'env-drift').facts.baselineEvidence.map((e) => e.line)).toEqual([1, 3]);
  });
});

describe('one line, one cause', () => {
  it('drops a catalog rule whose every line a more confident finding explains', async () => {
    expect(await classify(lines('npm ERR! code ECONNRESET', 'npm ERR! network aborted'))).toEqual([
      'rule:npm-network-error',
    ]);
    expect(
      await classify(lines("fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com")),
    ).toEqual(['rule:dns-failure']);
  });

  it('keeps the generic rule where nothing more specific explains the line', async () => {
    expect(await classify(lines('npm ERR! code ERESOLVE'))).toEqual(['rule:npm-error']);
  });

  it("keeps a user's own rule on a line a shipped rule explains better", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-triage-rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      "rules:\n  - id: our-npm\n    category: build\n    explanation: ours\n    patterns: ['npm ERR! code (?<code>E[A-Z]+)']\n",
    );
    try {
      const catalog = await loadRuleCatalog([file]);
      const found = classifyRun(await observeText(lines('npm ERR! code ECONNRESET'), { catalog }), null, catalog);

      expect(found.map((f) => f.classifier).sort()).toEqual(['rule:npm-network-error', 'rule:our-npm']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps both where each explains a line the other does not', async () => {
    const found = await classify(lines('npm ERR! code ECONNRESET', 'npm ERR! code ELIFECYCLE'));

    expect(found.sort()).toEqual(['rule:npm-error', 'rule:npm-network-error']);
  });
});

describe('a failed test defers to its cause', () => {
  const RATE_LIMITED =
    'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit';

  it('drops the test rule when a more confident finding of another category explains the run', async () => {
    expect(await classify(lines(RATE_LIMITED, '--- FAIL: TestDeployment (1.45s)', 'FAIL'))).toEqual([
      'rule:registry-rate-limit',
    ]);
  });

  it('keeps the test rule when nothing else explains the run', async () => {
    expect(await classify(lines('--- FAIL: TestDeployment (1.45s)', 'FAIL'))).toEqual(['rule:go-test-failure']);
  });

  it('keeps the test rule when the other rule stands after it or far before it', async () => {
    const after = await classify(lines('--- FAIL: TestDeployment (1.45s)', RATE_LIMITED));
    const far = await classify(lines(RATE_LIMITED, ...Array(150).fill('ok'), '--- FAIL: TestDeployment (1.45s)'));

    expect(after).toEqual(['rule:registry-rate-limit', 'rule:go-test-failure']);
    expect(far).toEqual(['rule:registry-rate-limit', 'rule:go-test-failure']);
  });

  it('keeps the test rule beside a less confident finding', async () => {
    const found = await classify(lines('npm ERR! code ERESOLVE', '--- FAIL: TestDeployment (1.45s)'));

    expect(found.sort()).toEqual(['rule:go-test-failure', 'rule:npm-error']);
  });
});
