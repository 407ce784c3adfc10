import { loadCorpus } from './load-corpus.ts';

// The corpus is data others wrote: check its shape so a bad case fails here, not as a wrong figure.
const cases = loadCorpus();

describe('the real-world corpus', () => {
  it('has at least 100 cases per class from at least 150 repositories and 8 CI systems', () => {
    const per = (label: string) => cases.filter((c) => c.label === label).length;

    expect(per('image-pull-manifest')).toBeGreaterThanOrEqual(100);
    expect(per('empty-env')).toBeGreaterThanOrEqual(100);
    expect(per('other')).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.repo.toLowerCase())).size).toBeGreaterThanOrEqual(150);
    expect(
      new Set(cases.map((c) => c.ci).filter((ci) => ci !== 'unknown' && ci !== 'local')).size,
    ).toBeGreaterThanOrEqual(8);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s is well formed', (file, c) => {
    expect(file).toBe(`${c.label}/${c.id}.yaml`);
    expect(c.source).toMatch(/^https?:\/\//);
    expect(c.why.trim().length).toBeGreaterThan(10);
    expect(c.log.split('\n')).toContain(c.rootLine);
    if (c.label === 'image-pull-manifest') expect(typeof c.facts.image).toBe('string');
    if (c.label === 'other') expect(c.category).toBeTruthy();
  });
});
