// What changed in the job's environment between the baseline and this run, from the ProwJob's pod
// env and from the `Environment:` block the log printed (each compared only when both runs have it).
// Per-run noise (build ids, pod names, PR refs, instance prefixes, image tags) is left out.
import { parseImageRef } from '../pull/image-ref.ts';
import type { RunObservations } from '../types.ts';

import type { EnvChange } from '../../types.ts';

export type { EnvChange };

const NOISE_NAMES =
  /^(?:BUILD_ID|BUILD_NUMBER|HOSTNAME|PROW_JOB_ID|JOB_SPEC|INSTANCE_PREFIX|[A-Z_]*_INSTANCE_PREFIX|SOURCE_DATE_EPOCH|AWS_ROLE_SESSION_NAME|POD_NAME|POD_UID|PULL_[A-Z_]+|KUBERNETES_PORT[A-Z0-9_]*|KUBERNETES_SERVICE_[A-Z_]+|SHLVL|_|PWD|OLDPWD|TERM|RANDOM|SECONDS|LINENO|BOSKOS_[A-Z_]*)$/;
const ID_VALUE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{7,64}|\d{6,})$/i;

function isNoise(name: string, before: string | null, after: string | null): boolean {
  if (NOISE_NAMES.test(name)) return true;
  if (before !== null && after !== null) {
    if (ID_VALUE.test(before) && ID_VALUE.test(after)) return true;
    // The job's image moving to a newer tag (autobumps) is a change of every run, not a cause.
    const a = parseImageRef(before);
    const b = parseImageRef(after);
    if (a?.tag && b?.tag && a.repository === b.repository && before.includes('/')) return true;
  }
  return false;
}

function prowEnv(obs: RunObservations): Map<string, string> | null {
  const env = obs.info.env;
  if (!env) return null;
  return new Map(env.map((v) => [v.name, v.value ?? '<valueFrom>']));
}

function logEnv(obs: RunObservations): Map<string, string> | null {
  return obs.logEnv ? new Map(Object.entries(obs.logEnv.vars)) : null;
}

function diffMaps(before: Map<string, string>, after: Map<string, string>): EnvChange[] {
  const out: EnvChange[] = [];
  for (const [name, value] of before) {
    const now = after.get(name);
    if (now === undefined) out.push({ name, before: value, after: null });
    else if (now !== value) out.push({ name, before: value, after: now });
  }
  for (const [name, value] of after) if (!before.has(name)) out.push({ name, before: null, after: value });
  return out;
}

const rank = (c: EnvChange): number => (c.after === null ? 0 : c.before === null ? 1 : 2);

export function diffEnv(current: RunObservations, baseline: RunObservations): EnvChange[] {
  const merged = new Map<string, EnvChange>();
  const [logBefore, logAfter] = [logEnv(baseline), logEnv(current)];
  const [podBefore, podAfter] = [prowEnv(baseline), prowEnv(current)];
  const inBothLogs = (name: string): boolean => logBefore?.has(name) === true && logAfter?.has(name) === true;
  if (logBefore && logAfter) for (const c of diffMaps(logBefore, logAfter)) merged.set(c.name, c);
  if (podBefore && podAfter) {
    for (const c of diffMaps(podBefore, podAfter)) {
      // The printed environment is what the job really ran with: it decides the names it shows.
      if (!merged.has(c.name) && !inBothLogs(c.name)) merged.set(c.name, c);
    }
  }
  return [...merged.values()]
    .filter((c) => !isNoise(c.name, c.before, c.after))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export function vanishedOf(changes: EnvChange[]): EnvChange[] {
  return changes.filter((c) => c.after === null);
}
