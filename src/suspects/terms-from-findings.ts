// Builds the search terms from the analyzer's findings (their typed facts) and the run's metadata.
import type { EnvChange, Finding, RunInfo } from '../types.ts';
import { identifiersFromLine, isSpecific } from './extract-identifiers.ts';
import type { SuspectTerms } from './types.ts';

const MAX_IDENTIFIERS = 12;

function str(v: string | null | undefined): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Findings come back from the store too: lists are read defensively. */
function listOf<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

function uniq(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function goneEnv(changes: EnvChange[] | undefined): (string | null)[] {
  return listOf(changes)
    .filter((c) => typeof c === 'object' && c !== null)
    .filter((c) => c.after === null || c.after === '')
    .map((c) => str(c.name));
}

/** The image reference, its tag when specific, and the requested version in both `+` and `_` spellings. */
function imageTerms(f: Finding): (string | null)[] {
  if (f.classifier !== 'image-pull-manifest') return [];
  const tag = str(f.facts.tag);
  const requested = typeof f.facts.drift === 'object' && f.facts.drift !== null ? str(f.facts.drift.requested) : null;
  return [
    str(f.facts.image),
    tag && isSpecific(tag) && /\d/.test(tag) ? tag : null,
    requested,
    requested ? requested.replaceAll('+', '_') : null,
  ];
}

/** Env vars that vanished or came out empty since the baseline. */
function envTerms(f: Finding): (string | null)[] {
  if (f.classifier === 'empty-env') return [...goneEnv(f.facts.envChanges), str(f.facts.variable)];
  if (f.classifier === 'env-drift') return goneEnv(f.facts.envChanges);
  return [];
}

/** What a pod could not find: the invalid image, the missing secret, configmap or service account. */
function podTerms(f: Finding): { images: (string | null)[]; names: (string | null)[] } {
  if (f.classifier !== 'pod-config-error') return { images: [], names: [] };
  const p = f.facts;
  return { images: [str(p.image)], names: [str(p.secret), str(p.configMap), str(p.serviceAccount)] };
}

function unresolvedVars(f: Finding): string[] {
  return f.classifier === 'image-pull-manifest' || f.classifier === 'env-drift'
    ? listOf(f.facts.unresolvedSinceBaseline)
    : [];
}

function danglingLabels(f: Finding): string[] {
  return f.classifier === 'empty-env' || f.classifier === 'env-drift' ? listOf(f.facts.danglingLabels) : [];
}

export function termsFromFindings(findings: Finding[], info: RunInfo): SuspectTerms {
  const versionVars = uniq(findings.flatMap(unresolvedVars).map(str));
  const envVars = uniq(findings.flatMap(envTerms));
  const named = new Set([...envVars, ...versionVars]);
  const vanished = findings.flatMap((f) => (f.classifier === 'empty-env' ? listOf(f.facts.vanishedLines) : []));
  const pod = findings.map(podTerms);
  const identifiers = uniq([...pod.flatMap((p) => p.names), ...vanished.flatMap(identifiersFromLine)])
    .filter((id) => !named.has(id))
    .slice(0, MAX_IDENTIFIERS);
  const labels = Object.entries(info.labels ?? {});
  return {
    job: info.job,
    jobConfigPath: info.jobConfigPath,
    envVars,
    presets: labels.filter(([k, v]) => k.startsWith('preset-') && v === 'true').map(([k]) => k),
    danglingPresets: uniq(findings.flatMap(danglingLabels).map(str)),
    images: uniq([...findings.flatMap(imageTerms), ...pod.flatMap((p) => p.images)]),
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
