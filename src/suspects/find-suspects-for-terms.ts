// The `ci-triage suspects --repo o/r --since t --until t --terms A,B` entry point: plain terms in,
// the same result as findSuspects out.
import { findSuspects } from './find-suspects.ts';
import type { SuspectsOctokit } from './github-requests.ts';
import { termsFromList } from './terms-from-findings.ts';
import type { SuspectOptions, SuspectResult } from './types.ts';

export interface PlainSuspectQuery {
  repos: { repo: string; branch?: string }[];
  since: string;
  until: string;
  terms: string[];
  job?: string;
  jobConfigPath?: string | null;
  firstRedAt?: string | null;
}

export function findSuspectsForTerms(
  octokit: SuspectsOctokit,
  query: PlainSuspectQuery,
  opts: SuspectOptions,
): Promise<SuspectResult> {
  const terms = termsFromList(query.terms, query.job ?? '', query.jobConfigPath ?? null);
  return findSuspects(octokit, { ...query, firstRedAt: query.firstRedAt ?? null, terms }, opts);
}

/** Parses `A,B , C` into terms (the CLI's --terms). */
export function parseTermList(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}
