// Collects what one pull request's patches say about the failure's terms. Pure.
import type { FileAnalysis, PullAnalysis } from './analyze-pull.ts';
import { containsTerm, definesVariable } from './match-terms.ts';
import type { PatchLine } from './patch-lines.ts';
import type { SuspectTerms } from './types.ts';

/** strong: never damped; medium/weak: damped for PRs touching many files and for mechanical PRs. */
export type Tier = 'strong' | 'medium' | 'weak';

export interface Evidence {
  kind: string;
  /** What was matched; a PR scores each term once (its best evidence). */
  term: string;
  tier: Tier;
  weight: number;
  file: string | null;
  sign: '+' | '-' | null;
  text: string;
  /** The patch hunk around the line, for evidence from the job's definition. */
  hunk?: string;
}

const W = {
  removedPreset: 100,
  imageIntroduced: 90,
  removedPresetEnv: 60,
  removedPresetOtherEnv: 15,
  presetChanged: 15,
  removedEnv: 50,
  versionVarRemoved: 35,
  jobConfig: 20,
  versionVarChanged: 15,
  termHit: 5,
} as const;

const MAX_TEXT = 200;

const COMMENT = /^\s*(#|\/\/|<!--|\*)/;
/** A comment that mentions a term changes no behaviour: it counts less, and code lines come first as reasons. */
const COMMENT_FACTOR = 0.8;

function ev(
  kind: string,
  term: string,
  tier: Tier,
  weight: number,
  file: string,
  line: Pick<PatchLine, 'sign' | 'text'>,
): Evidence {
  const sign = line.sign === ' ' ? null : line.sign;
  const w = COMMENT.test(line.text) ? weight * COMMENT_FACTOR : weight;
  return { kind, term, tier, weight: w, file, sign, text: line.text.trim().slice(0, MAX_TEXT) };
}

export function collectEvidence(a: PullAnalysis, terms: SuspectTerms, jobFiles: Set<string>): Evidence[] {
  const jobPresets = new Set([...terms.presets, ...terms.danglingPresets]);
  const preset = a.files.flatMap((f) => presetEvidence(a, f, jobPresets, terms.envVars));
  const coveredEnv = new Set(preset.filter((e) => e.kind === 'removed-preset-env').map((e) => e.term));
  const redefined = addedDefinitions(a, terms.envVars);
  const lines = a.files.flatMap((f) => lineEvidence(f, terms, coveredEnv, redefined));
  const job = a.files.flatMap((f) => jobFileEvidence(f, jobFiles));
  return [...preset, ...lines, ...job];
}

function presetEvidence(a: PullAnalysis, f: FileAnalysis, jobPresets: Set<string>, envVars: string[]): Evidence[] {
  const name = f.file.filename;
  const out: Evidence[] = [];
  for (const label of f.presets.removedLabels) {
    if (jobPresets.has(label.name) && a.removedPresets.has(label.name)) {
      out.push(ev('removed-preset', label.name, 'strong', W.removedPreset, name, { sign: '-', text: label.text }));
    }
  }
  for (const { entry, labels } of f.presets.removedEnv) {
    const used = labels.some((l) => jobPresets.has(l) && a.removedPresets.has(l));
    if (!used) {
      // A preset the job carries changed its env: the job's env changed with it.
      if (labels.some((l) => jobPresets.has(l)))
        out.push(
          ev('preset-changed', `preset:${entry.name}`, 'medium', W.presetChanged, name, {
            sign: '-',
            text: entry.text,
          }),
        );
      continue;
    }
    const vanished = envVars.includes(entry.name);
    const weight = vanished ? W.removedPresetEnv : W.removedPresetOtherEnv;
    out.push(
      ev('removed-preset-env', entry.name, vanished ? 'strong' : 'medium', weight, name, {
        sign: '-',
        text: entry.text,
      }),
    );
  }
  for (const { entry, labels } of f.presets.addedEnv) {
    if (labels.some((l) => jobPresets.has(l)))
      out.push(
        ev('preset-changed', `preset:${entry.name}`, 'medium', W.presetChanged, name, { sign: '+', text: entry.text }),
      );
  }
  return out;
}

/** Env vars that the PR (re)defines on an added line: removing and re-adding is a move, not a removal. */
function addedDefinitions(a: PullAnalysis, envVars: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of a.files) {
    for (const l of f.changed) {
      if (l.sign !== '+') continue;
      for (const v of envVars) if (definesVariable(l.text, v)) out.add(v);
    }
  }
  return out;
}

// Preset labels are not searched line by line: common ones (preset-dind-enabled) sit on hundreds of
// jobs, and only their definitions matter (presetEvidence) besides the job's own file (jobFileEvidence).
function lineEvidence(
  f: FileAnalysis,
  terms: SuspectTerms,
  coveredEnv: Set<string>,
  redefined: Set<string>,
): Evidence[] {
  const name = f.file.filename;
  const out: Evidence[] = [];
  for (const line of f.changed) {
    for (const image of terms.images) {
      if (!containsTerm(line.text, image)) continue;
      if (line.sign === '+') out.push(ev('image-introduced', image, 'strong', W.imageIntroduced, name, line));
      else out.push(ev('term-hit', image, 'weak', W.termHit, name, line));
    }
    for (const v of terms.envVars) {
      if (!containsTerm(line.text, v)) continue;
      const removal = line.sign === '-' && definesVariable(line.text, v) && !coveredEnv.has(v) && !redefined.has(v);
      if (removal) out.push(ev('removed-env', v, 'strong', W.removedEnv, name, line));
      else out.push(ev('term-hit', v, 'weak', W.termHit, name, line));
    }
    for (const v of terms.versionVars) {
      if (!containsTerm(line.text, v)) continue;
      if (line.sign === '-') out.push(ev('version-var-removed', v, 'medium', W.versionVarRemoved, name, line));
      else out.push(ev('version-var-changed', v, 'medium', W.versionVarChanged, name, line));
    }
    for (const t of terms.identifiers)
      if (containsTerm(line.text, t)) out.push(ev('term-hit', t, 'weak', W.termHit, name, line));
  }
  return out;
}

function jobFileEvidence(f: FileAnalysis, jobFiles: Set<string>): Evidence[] {
  const name = f.file.filename;
  const touched = jobFiles.has(name) || (f.file.previousFilename !== null && jobFiles.has(f.file.previousFilename));
  if (!touched) return [];
  const shown = f.changed.slice(0, 2);
  if (shown.length === 0) {
    const text = `${f.file.status} (${f.file.changes} changed lines, patch not shown by GitHub)`;
    return [
      {
        kind: 'job-config-changed',
        term: 'job-config',
        tier: 'medium',
        weight: W.jobConfig,
        file: name,
        sign: null,
        text,
      },
    ];
  }
  return shown.map((l) => ev('job-config-changed', 'job-config', 'medium', W.jobConfig, name, l));
}
