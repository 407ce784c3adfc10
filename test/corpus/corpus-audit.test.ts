import { loadCorpus } from './load-corpus.ts';
import type { CorpusCase } from './load-corpus.ts';

// Issue 9 §3's requirements on the corpus, counted from the case files: at least 300 real excerpts, 100 per
// core class and 100 look-alikes, from 150 repositories and 8 CI systems, the look-alikes spanning the causes
// the issue names.
const cases = loadCorpus();

const countBy = (xs: readonly CorpusCase[], key: (c: CorpusCase) => string) =>
  xs.reduce<Record<string, number>>((m, c) => {
    m[key(c)] = (m[key(c)] ?? 0) + 1;
    return m;
  }, {});

/** CI systems a case can count for: `local` (a pasted terminal) and `unknown` are not CI systems. */
const ciSystems = new Set<string>(cases.map((c) => c.ci).filter((ci) => ci !== 'local' && ci !== 'unknown'));

describe('the corpus meets issue 9 §3', () => {
  it('has at least 300 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it('has at least 100 cases of each core class and 100 look-alikes of other causes', () => {
    const perLabel = countBy(cases, (c) => c.label);

    expect(perLabel['image-pull-manifest']).toBeGreaterThanOrEqual(100);
    expect(perLabel['empty-env']).toBeGreaterThanOrEqual(100);
    expect(perLabel.other).toBeGreaterThanOrEqual(100);
  });

  it('comes from at least 150 different repositories', () => {
    expect(new Set(cases.map((c) => c.repo.toLowerCase())).size).toBeGreaterThanOrEqual(150);
  });

  it('comes from at least 8 CI systems', () => {
    expect(ciSystems.size).toBeGreaterThanOrEqual(8);
  });

  it.each([
    ['GitHub Actions', ['github-actions']],
    ['GitLab', ['gitlab']],
    ['Jenkins', ['jenkins']],
    ['Azure Pipelines', ['azure-pipelines']],
    ['CircleCI', ['circleci']],
    ['Travis', ['travis']],
    ['Buildkite', ['buildkite']],
    ['Prow/Tekton', ['prow', 'tekton']],
  ])('has cases from %s, which the issue names', (_name, ids) => {
    expect(ids.some((id) => ciSystems.has(id))).toBe(true);
  });

  it.each([
    ['rate limit', 'registry-rate-limit'],
    ['auth', 'registry-auth'],
    ['network', 'network-connection'],
    ['DNS', 'network-dns'],
    ['TLS', 'tls'],
    ['disk', 'disk-full'],
    ['OOM', 'oom'],
    ['timeouts', 'timeout'],
    ['"variable set but wrong"', 'env-wrong-value'],
    ['"command not found"', 'command-not-found'],
    ['a 404 that is not a registry', 'http-404'],
  ])('has look-alikes of %s (%s)', (_name, category) => {
    expect(cases.filter((c) => c.label === 'other' && c.category === category).length).toBeGreaterThanOrEqual(3);
  });
});
