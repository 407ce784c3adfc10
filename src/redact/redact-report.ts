// The last step of a triage: every log-derived string of the report is cleaned (terminal escapes and
// invisible controls, which could hide a token from the detectors) and redacted, so nothing that
// prints, stores or posts a report can leak a credential a job printed by mistake.
import type { Report } from '../types.ts';
import { redactSecrets } from './detect-secrets.ts';
import { stripControl } from './strip-control.ts';

/** What renderers and the report builder do to log-derived text. */
export function cleanLogText(text: string): string {
  return redactSecrets(stripControl(text));
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
