import type { RunRef } from '../../types.ts';
import { asArray, asNumber, asRecord, asString, asText, dig, type JsonRecord } from '../json-access.ts';

/** `spec.refs` then `spec.extra_refs` of a ProwJob. */
export function refsFromProwJob(prowjob: JsonRecord | null): RunRef[] {
  const spec = asRecord(prowjob?.spec);
  if (spec === null) return [];
  const all = [spec.refs, ...asArray(spec.extra_refs)];
  return all.map(toRunRef).filter((ref): ref is RunRef => ref !== null);
}

function toRunRef(value: unknown): RunRef | null {
  const ref = asRecord(value);
  const org = asText(ref?.org);
  const repo = asText(ref?.repo);
  if (ref === null || org === null || repo === null) return null;
  const pulls = asArray(ref.pulls).flatMap((pull) => {
    const number = asNumber(dig(pull, 'number'));
    if (number === null) return [];
    return [
      {
        number,
        sha: asText(dig(pull, 'sha')),
        author: asText(dig(pull, 'author')),
        title: asText(dig(pull, 'title')),
      },
    ];
  });
  return { org, repo, baseRef: asText(ref.base_ref), baseSha: asText(ref.base_sha), pulls };
}

/**
 * started.json `repos`: `{"org/repo": "main"}` or `{"org/repo": "master:<base sha>,369:<head sha>"}`.
 * Used when prowjob.json is missing or unreadable.
 */
export function refsFromStarted(started: JsonRecord | null): RunRef[] {
  const repos = asRecord(started?.repos);
  if (repos === null) return [];
  const refs: RunRef[] = [];
  for (const [name, spec] of Object.entries(repos)) {
    const [org, repo] = name.split('/');
    const text = asString(spec);
    if (org === undefined || repo === undefined || org === '' || repo === '' || text === null) continue;
    const [base = '', ...pullSpecs] = text.split(',');
    const [baseRef, baseSha] = base.split(':');
    const pulls = pullSpecs.flatMap((pullSpec) => {
      const [number, sha] = pullSpec.split(':');
      const parsed = asNumber(number);
      return parsed === null ? [] : [{ number: parsed, sha: asText(sha), author: null, title: null }];
    });
    refs.push({ org, repo, baseRef: asText(baseRef), baseSha: asText(baseSha), pulls });
  }
  return refs;
}
