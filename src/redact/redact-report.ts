// The last step of a triage: every log-derived string of the report is cleaned (terminal escapes and
// invisible controls, which could hide a token from the detectors) and redacted, so nothing that
// prints, stores or posts a report can leak a credential a job printed by mistake.
import type { Report } from '../types.ts';
import { redactSecrets } from './detect-secrets.ts';
import { stripControl } from './strip-control.ts';

// Renderers clean the same strings again and again (a PR comment is re-rendered with every job on each
// change), and the detectors are ~60 regexes: results are memoised, boundedly, by text.
const MEMO_ENTRIES = 20_000;
const MEMO_MAX_CHARS = 8_192;
const memo = new Map<string, string>();

/** What renderers and the report builder do to log-derived text. */
export function cleanLogText(text: string): string {
  if (text.length > MEMO_MAX_CHARS) return redactSecrets(stripControl(text));
  const known = memo.get(text);
  if (known !== undefined) return known;
  const clean = redactSecrets(stripControl(text));
  if (memo.size >= MEMO_ENTRIES) memo.clear();
  memo.set(text, clean);
  return clean;
}

/** A copy of the report with every string value (not keys) cleaned; numbers, booleans and nulls kept. */
export function redactReport(report: Report): Report {
  return redactValue(report) as Report;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanLogText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v);
  return out;
}
