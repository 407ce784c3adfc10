// Loose readers for JSON written by other programs: a wrong type reads as null instead of throwing.

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A non-empty string, or null. */
export function asText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

/** Follows object keys; null as soon as one step is not an object. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (record === null) return null;
    current = record[key];
  }
  return current;
}

/** Unix seconds or an RFC 3339 string to ISO 8601 UTC without milliseconds; null when unreadable. */
export function toIso(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) ms = value * 1000;
  else if (typeof value === 'string' && value !== '') ms = Date.parse(value);
  else return null;
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function stringRecord(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (record === null) return {};
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}
