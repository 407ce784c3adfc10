// The "Wrong cause?" button carries which triage and which finding it is about, compactly, inside
// Slack's 2000-character button value. The action handler parses it back with parseWrongCauseValue.

export const WRONG_CAUSE_ACTION_ID = 'ci_triage_wrong_cause';
export const SLACK_BUTTON_VALUE_LIMIT = 2000;

export interface WrongCauseValue {
  /** Triage id, when the caller stored the triage. */
  t: string | null;
  /** Finding fingerprint (may be cut to fit). */
  f: string;
  /** Classifier id. */
  c: string;
}

export function encodeWrongCauseValue(v: WrongCauseValue): string {
  let value: WrongCauseValue = { t: v.t === null ? null : v.t.slice(0, 200), f: v.f, c: v.c.slice(0, 200) };
  let json = JSON.stringify(value);
  // JSON escaping can lengthen the fingerprint, so shrink it until the whole value fits.
  while (json.length > SLACK_BUTTON_VALUE_LIMIT && value.f.length > 0) {
    const over = json.length - SLACK_BUTTON_VALUE_LIMIT;
    value = { ...value, f: value.f.slice(0, Math.max(0, value.f.length - Math.max(over, 16))) };
    json = JSON.stringify(value);
  }
  return json;
}

/** The button value back as data, or null when it is not one of ours (never throws). */
export function parseWrongCauseValue(value: string): WrongCauseValue | null {
  if (value.length > SLACK_BUTTON_VALUE_LIMIT) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const { t, f, c } = data as Record<string, unknown>;
  if ((t !== null && typeof t !== 'string') || typeof f !== 'string' || typeof c !== 'string') return null;
  return { t, f, c };
}
