// Checks a suspect query at the edge, so bad input becomes a clear note instead of a crash.
import type { ChangeToken, SuspectQuery, SuspectTerms } from './types.ts';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function validateQuery(query: SuspectQuery): string | null {
  if (!query || !Array.isArray(query.repos) || query.repos.length === 0) return 'invalid query: no repository given';
  const bad = query.repos.find((r) => typeof r?.repo !== 'string' || !REPO.test(r.repo.trim()));
  if (bad) return `invalid query: repository must look like owner/name, got ${JSON.stringify(bad?.repo ?? bad)}`;
  const since = Date.parse(query.since);
  const until = Date.parse(query.until);
  if (Number.isNaN(since)) return `invalid query: since is not a date (${JSON.stringify(query.since)})`;
  if (Number.isNaN(until)) return `invalid query: until is not a date (${JSON.stringify(query.until)})`;
  if (since > until) return `invalid query: since (${query.since}) is after until (${query.until})`;
  return null;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** Fills in what a hand-built or deserialised SuspectTerms may lack. */
export function normalizeTerms(terms: Partial<SuspectTerms> | null | undefined): SuspectTerms {
  const t = terms ?? {};
  return {
    job: typeof t.job === 'string' ? t.job : '',
    jobConfigPath: typeof t.jobConfigPath === 'string' && t.jobConfigPath !== '' ? t.jobConfigPath : null,
    envVars: list(t.envVars),
    presets: list(t.presets),
    danglingPresets: list(t.danglingPresets),
    images: list(t.images),
    versionVars: list(t.versionVars),
    identifiers: list(t.identifiers),
    changes: changeList(t.changes),
  };
}

function changeList(v: unknown): ChangeToken[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (c): c is ChangeToken =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as ChangeToken).token === 'string' &&
      (c as ChangeToken).token !== '' &&
      ((c as ChangeToken).sign === '+' || (c as ChangeToken).sign === '-'),
  );
}
