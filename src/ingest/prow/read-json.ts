import { describeError } from '../errors.ts';
import { asRecord, type JsonRecord } from '../json-access.ts';
import type { ObjectStore } from '../objects/object-store.ts';

// prowjob.json is ~10 KB; podinfo.json with many events can reach a few hundred KB.
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export interface JsonRead {
  /** The parsed object; null when missing, empty, unreadable or malformed. */
  value: JsonRecord | null;
  found: boolean;
  /** Plain-English reason the value is null (null when missing is expected and silent). */
  problem: string | null;
  /** The failure itself, kept so a run that yields nothing can rethrow the real cause. */
  error: unknown;
}

/** Reads one JSON file of a run, turning every failure into a problem line instead of an exception. */
export async function readJson(
  store: ObjectStore,
  key: string,
  name: string,
  missingProblem: string | null,
): Promise<JsonRead> {
  let body;
  try {
    body = await store.readSmall(key, MAX_JSON_BYTES);
  } catch (error) {
    return { value: null, found: false, problem: `could not read ${name}: ${describeError(error)}`, error };
  }
  if (body === null) return { value: null, found: false, problem: missingProblem, error: null };
  const fail = (problem: string) => ({ value: null, found: true, problem, error: null });
  if (body.truncated) return fail(`${name} is larger than ${MAX_JSON_BYTES} bytes; ignored`);
  const text = new TextDecoder().decode(body.bytes).trim();
  if (text === '') return fail(`${name} is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`${name} is not valid JSON (${describeError(error)}); it may be truncated`);
  }
  const record = asRecord(parsed);
  if (record === null) return fail(`${name} does not hold a JSON object`);
  return { value: record, found: true, problem: null, error: null };
}
