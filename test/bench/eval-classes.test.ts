import { CASE_CATEGORY_CLASS } from '../../bench/eval/classes.ts';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { CORPUS_DIR, HOLDOUT_CORPUS_DIR, HOLDOUT2_CORPUS_DIR, loadCorpus } from '../corpus/load-corpus.ts';

// The eval's class table must cover the corpus and name only categories the catalog really has, or a
// look-alike's recall would be scored against a class no rule can ever predict.
describe('the eval classes', () => {
  it.each([
    ['test/fixtures/corpus', CORPUS_DIR],
    ['test/fixtures/corpus-holdout', HOLDOUT_CORPUS_DIR],
    ['test/fixtures/corpus-holdout2', HOLDOUT2_CORPUS_DIR],
  ])('map every look-alike category of %s', (_name, dir) => {
    const categories = new Set(loadCorpus(dir).flatMap((c) => (c.category ? [c.category] : [])));

    expect([...categories].filter((c) => !(c in CASE_CATEGORY_CLASS))).toEqual([]);
  });

  it('map look-alikes only to categories of the shipped catalog', async () => {
    const catalog = await loadRuleCatalog();
    const shipped = new Set(catalog.rules.map((r) => r.category));

    const named = Object.values(CASE_CATEGORY_CLASS).filter((c): c is string => c !== null);

    expect(named.filter((c) => !shipped.has(c))).toEqual([]);
  });
});
