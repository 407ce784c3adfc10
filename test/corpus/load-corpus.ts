// The real-world corpus (test/fixtures/corpus/<label>/<case>.yaml): log excerpts quoted from public
// issues, PRs and CI logs, each with its source URL, its label and why the label is right, the
// expected facts and the one line that states the cause. Read by the corpus tests and `npm run eval`.
// test/fixtures/corpus-holdout/ has the same layout: real cases from threads the main corpus does not
// quote, labelled before any classifier ran on them, so its figures (`npm run eval:holdout`) are out-of-sample.
// test/fixtures/corpus-holdout2/ is a second blind set collected after the first one had been measured, from
// threads and repositories neither of the others quotes, weighted towards CI systems other than GitHub Actions
// (`npm run eval:holdout2`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type CorpusLabel = 'image-pull-manifest' | 'empty-env' | 'other';

/** Where a case's log was printed: a CI system, `local` (a terminal pasted into the issue) or `unknown`. */
export const CI_SYSTEMS = [
  'github-actions',
  'gitlab',
  'jenkins',
  'azure-pipelines',
  'circleci',
  'travis',
  'buildkite',
  'prow',
  'tekton',
  'drone',
  'teamcity',
  'concourse',
  'appveyor',
  'bitbucket-pipelines',
  'google-cloud-build',
  'aws-codebuild',
  'woodpecker',
  'semaphore',
  'bamboo',
  'argo-workflows',
  'cirrus-ci',
  'shippable',
  'netlify',
  'pre-commit-ci',
  'ocaml-ci',
  'codefresh',
  'local',
  'unknown',
] as const;

export interface CorpusCase {
  id: string;
  label: CorpusLabel;
  /** For `other`: the look-alike's category (registry-rate-limit, network-dns, ...). */
  category: string | null;
  source: string;
  repo: string;
  ci: (typeof CI_SYSTEMS)[number];
  tool: string;
  why: string;
  facts: { image?: string | null; variable?: string | null; [key: string]: unknown };
  rootLine: string;
  log: string;
  /** Path of the case file, relative to the corpus root. */
  file: string;
}

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'corpus');
export const HOLDOUT_CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'corpus-holdout');
export const HOLDOUT2_CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'corpus-holdout2');
const LABELS: CorpusLabel[] = ['image-pull-manifest', 'empty-env', 'other'];

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  return LABELS.flatMap((label) =>
    readdirSync(join(dir, label))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => {
        const raw = parse(readFileSync(join(dir, label, f), 'utf8')) as Omit<CorpusCase, 'file'>;
        return { ...raw, category: raw.category ?? null, facts: raw.facts ?? {}, file: `${label}/${f}` };
      }),
  );
}
