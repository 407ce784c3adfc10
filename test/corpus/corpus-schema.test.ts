import { z } from 'zod';
import {
  CI_SYSTEMS,
  CORPUS_DIR,
  type CorpusCase,
  HOLDOUT_CORPUS_DIR,
  HOLDOUT2_CORPUS_DIR,
  loadCorpus,
} from './load-corpus.ts';

// Every case's fields, in the main corpus and in the held-out ones, so a bad case fails here rather than as a
// wrong figure in `npm run eval` / `npm run eval:holdout` / `npm run eval:holdout2`.
const corpora = [
  ['corpus', loadCorpus(CORPUS_DIR)],
  ['corpus-holdout', loadCorpus(HOLDOUT_CORPUS_DIR)],
  ['corpus-holdout2', loadCorpus(HOLDOUT2_CORPUS_DIR)],
] as const;

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const url = z.url({ protocol: /^https?$/ });
const oneLine = z
  .string()
  .min(1)
  .refine((s) => !s.includes('\n'), 'must be one line');

const base = {
  id: z.string().regex(kebab),
  source: url,
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name'),
  ci: z.enum(CI_SYSTEMS),
  tool: z.string().trim().min(1),
  // The label is justified by what the thread shows (a reply, the fix), not by what ci-triage says.
  why: z
    .string()
    .trim()
    .min(20)
    .refine((s) => !/ci-triage|classifier|no known failure pattern/i.test(s), 'why must not cite the classifier'),
  rootLine: oneLine.refine((s) => s.trim().length > 0, 'rootLine must not be blank'),
  log: z.string().min(1).max(20_000),
  file: z.string(),
};

const caseSchema = z.discriminatedUnion('label', [
  z.strictObject({
    ...base,
    label: z.literal('image-pull-manifest'),
    category: z.null(),
    // null only when the log does not name the image (the reporter redacted it).
    facts: z.strictObject({ image: z.string().min(1).nullable() }),
  }),
  z.strictObject({
    ...base,
    label: z.literal('empty-env'),
    category: z.null(),
    facts: z.strictObject({ variable: z.string().min(1).nullable() }),
  }),
  z.strictObject({
    ...base,
    label: z.literal('other'),
    category: z.string().regex(kebab),
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
]);

describe.each(corpora)('%s: each case', (_name, cases) => {
  it.each(cases.map((c) => [c.file, c] as const))('%s has every field, well formed', (file, c) => {
    const parsed = caseSchema.safeParse(c);

    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
    expect(file).toBe(`${c.label}/${c.id}.yaml`);
    expect(c.log.split('\n')).toContain(c.rootLine);
    expect(c.log.split('\n').length).toBeLessThanOrEqual(300);
  });

  it.each(
    cases
      .filter((c) => c.label === 'image-pull-manifest' && typeof c.facts.image === 'string')
      .map((c) => [c.file, c] as const),
  )('%s names an image the log shows (as requested, or its repository)', (_file, c) => {
    const image = c.facts.image as string;
    const repository = image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^:/]+$/, '');

    expect(c.log.includes(image) || c.log.includes(repository)).toBe(true);
  });
});

describe.each(corpora)('%s as a whole', (_name, cases) => {
  it('has unique ids, and no excerpt of a thread twice', () => {
    const twice = <T>(xs: T[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

    expect(twice(cases.map((c) => c.id))).toEqual([]);
    // Two projects may print the very same message; one thread quoted twice is a duplicate.
    expect(twice(cases.map((c) => `${c.source}\n${c.log.trim()}`))).toEqual([]);
    expect(twice(cases.map((c) => `${c.source} ${c.rootLine}`))).toEqual([]);
  });
});

// A held-out corpus only measures out-of-sample if nothing in it was seen before it was labelled: no thread and
// no repository of the main corpus, nor (for the second held-out set) of the first held-out set, which had been
// measured before the second was collected. A thread's repository is read from its URL too, since a case's
// repo: is the project whose CI failed, which may differ from where the thread lives.
const [[, main], [, holdout], [, holdout2]] = corpora;
const disjoint: [string, readonly CorpusCase[], string, readonly CorpusCase[]][] = [
  ['corpus-holdout', holdout, 'corpus', main],
  ['corpus-holdout2', holdout2, 'corpus', main],
  ['corpus-holdout2', holdout2, 'corpus-holdout', holdout],
];

describe.each(disjoint)('%s against %s', (_name, held, _earlierName, earlier) => {
  const threadRepo = (c: CorpusCase) => /^https:\/\/github\.com\/([^/]+\/[^/]+)/.exec(c.source)?.[1] ?? c.repo;
  const reposOf = (cs: readonly CorpusCase[]) =>
    new Set(cs.flatMap((c) => [c.repo.toLowerCase(), threadRepo(c).toLowerCase()]));

  it('shares no case id', () => {
    const ids = new Set(earlier.map((c) => c.id));

    expect(held.filter((c) => ids.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('quotes no thread', () => {
    const sources = new Set(earlier.map((c) => c.source));

    expect(held.filter((c) => sources.has(c.source)).map((c) => c.id)).toEqual([]);
  });

  it('comes from no repository', () => {
    const seen = reposOf(earlier);

    expect(held.filter((c) => [...reposOf([c])].some((r) => seen.has(r))).map((c) => c.id)).toEqual([]);
  });
});
