// Builds the search terms from the analyzer's findings and the run's metadata. Facts are optional and
// untyped (`Record<string, unknown>`), so every read is defensive.
import type { Finding, RunInfo } from '../types.ts';
import { identifiersFromLine, isSpecific } from './extract-identifiers.ts';
import type { SuspectTerms } from './types.ts';

const MAX_IDENTIFIERS = 12;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : [];
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function uniq(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/** Env vars that vanished or came out empty since the baseline. */
function vanishedEnv(facts: Record<string, unknown>): string[] {
  const changes = Array.isArray(facts.envChanges) ? facts.envChanges.map(record) : [];
  const gone = changes.filter((c) => c.after === null || c.after === undefined || c.after === '').map((c) => str(c.name));
  return uniq([...gone, str(facts.variable)]);
}

/** The image reference, its tag when specific, and the requested version in both `+` and `_` spellings. */
function images(facts: Record<string, unknown>): string[] {
  const tag = str(facts.tag);
  const requested = str(record(facts.drift).requested);
  return uniq([
    str(facts.image),
    tag && isSpecific(tag) && /\d/.test(tag) ? tag : null,
    requested,
    requested ? requested.replaceAll('+', '_') : null,
  ]);
}

export function termsFromFindings(findings: Finding[], info: RunInfo): SuspectTerms {
  const facts = findings.map((f) => record(f.facts));
  const versionVars = uniq(facts.flatMap((f) => strs(f.unresolvedSinceBaseline)));
  const envVars = uniq(facts.flatMap(vanishedEnv));
  const named = new Set([...envVars, ...versionVars]);
  const identifiers = uniq(facts.flatMap((f) => strs(f.vanishedLines).flatMap(identifiersFromLine)))
    .filter((id) => !named.has(id))
    .slice(0, MAX_IDENTIFIERS);
  const labels = Object.entries(info.labels ?? {});
  return {
    job: info.job,
    jobConfigPath: info.jobConfigPath,
    envVars,
    presets: labels.filter(([k, v]) => k.startsWith('preset-') && v === 'true').map(([k]) => k),
    danglingPresets: uniq(facts.flatMap((f) => strs(f.danglingLabels))),
    images: uniq(facts.flatMap(images)),
    versionVars,
    identifiers,
  };
}

/** Terms from a plain list (the CLI's `--terms A,B`): classified by shape. */
export function termsFromList(list: string[], job = '', jobConfigPath: string | null = null): SuspectTerms {
  const terms = uniq(list.map(str));
  const presets = terms.filter((t) => t.startsWith('preset-'));
  const images = terms.filter((t) => !presets.includes(t) && /^[\w.-]+(\/[\w.-]+)*:[\w.+-]+$/.test(t) && /\d/.test(t));
  const envVars = terms.filter((t) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(t));
  const identifiers = terms.filter((t) => !presets.includes(t) && !images.includes(t) && !envVars.includes(t));
    // An upper-case name may be an env var or a version variable: let both kinds of evidence count.
  return { job, jobConfigPath, envVars, presets, danglingPresets: [], images, versionVars: envVars, identifiers };
}
