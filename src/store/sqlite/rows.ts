import { StoreError } from '../errors.ts';

/** JSON columns are written by us; a row that does not parse means the file was edited or damaged. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new StoreError('corrupt-row', `${what} holds invalid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** One ISO 8601 form (with milliseconds, UTC) so that times compare correctly as text in SQL. */
export function normaliseTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new StoreError('invalid-input', `not a time: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}
