// pod-config-error: the pod could not be created or started as the job defines it: a secret, configmap
// or key it needs does not exist in the build cluster, its service account is missing, its image
// reference is invalid, or the API server refused the pod. Read from podinfo.json and prowjob.json.
import type { PodConfigFacts, PodConfigFinding, RunInfo } from '../../types.ts';
import type { Classifier } from '../classifier.ts';
import { flattenDefinition } from '../definition/flatten-definition.ts';
import { fingerprintOf } from '../normalise.ts';
import { podStatements, type PodStatement } from '../pod/pod-sources.ts';
import { matchPodWording, type WordingMatch } from '../pod/pod-wordings.ts';

const ID = 'pod-config-error';
const MAX_EVIDENCE = 4;
const MAX_TEXT = 500;

interface Match {
  statement: PodStatement;
  wording: WordingMatch;
}

/** The env var or volume of the job that references the missing secret or configmap. */
function userOf(info: RunInfo, facts: PodConfigFacts): void {
  const name = facts.secret ?? facts.configMap;
  if (!name) return;
  const kind = facts.secret ? 'secret' : 'configmap';
  for (const [path, value] of flattenDefinition(info.definition)) {
    const env = /\.env\[(.+)\]$/.exec(path);
    if (env && !facts.envVar && value.startsWith(`${kind}:${name}/`)) facts.envVar = env[1]!;
    const vol = /^spec\.pod_spec\.volumes\[(.+)\]\.(secret\.secretName|configMap\.name)$/.exec(path);
    if (vol && !facts.volume && value === name) facts.volume = vol[1]!;
  }
}

function factsOf(best: Match, info: RunInfo): PodConfigFacts {
  const { statement: s, wording: w } = best;
  const facts: PodConfigFacts = { reason: w.reason, kubeReason: s.kubeReason, message: s.text.slice(0, MAX_TEXT) };
  for (const k of ['secret', 'configMap', 'key', 'volume', 'serviceAccount'] as const) {
    const v = w.groups[k];
    if (v) facts[k] = v;
  }
  if (s.container) facts.container = s.container;
  userOf(info, facts);
  return facts;
}

function summaryOf(f: PodConfigFacts, info: RunInfo): string {
  const cluster = typeof info.definition?.fields.cluster === 'string' ? ` ${info.definition.fields.cluster}` : '';
  const inCluster = `in the build cluster${cluster}`;
  const user = f.envVar ? ` (needed by env var ${f.envVar})` : f.volume ? ` (volume "${f.volume}")` : '';
  switch (f.reason) {
    case 'secret-not-found':
      return `The pod never started: secret "${f.secret}"${user} does not exist ${inCluster}.`;
    case 'configmap-not-found':
      return `The pod never started: configmap "${f.configMap}"${user} does not exist ${inCluster}.`;
    case 'key-not-found':
      return `The pod never started: key "${f.key}" is missing from ${f.secret ? `secret "${f.secret}"` : `configmap "${f.configMap}"`}${user}.`;
    case 'service-account-not-found':
      return `The pod could not be created: service account "${f.serviceAccount}" does not exist ${inCluster}.`;
    case 'invalid-image-name':
      return `The pod never started: the job's image reference "${f.image}" is invalid (InvalidImageName).`;
    default:
      return `The pod could not be created: ${f.message}`;
  }
}

function invalidImage(statements: PodStatement[]): Match | null {
  const s = statements.find((x) => x.kubeReason === 'InvalidImageName');
  return s ? { statement: s, wording: { reason: 'invalid-image-name', groups: {} } } : null;
}

/** Most specific first: a named secret or service account beats a generic "could not be created". */
function bestMatch(statements: PodStatement[]): { best: Match; all: Match[] } | null {
  const all = statements.flatMap((statement) => {
    const wording = matchPodWording(statement.text);
    return wording ? [{ statement, wording }] : [];
  });
  const invalid = invalidImage(statements);
  const best = invalid ?? all.find((m) => m.wording.reason !== 'pod-not-created') ?? all[0];
  return best ? { best, all: invalid ? [invalid, ...all] : all } : null;
}

export const podConfigError: Classifier<null> = {
  id: ID,
  observer: () => ({ id: ID, triggers: [], init: () => null, onLine: () => 0 }),
  classify({ current }): PodConfigFinding[] {
    const info = current.info;
    if (info.result === 'SUCCESS') return [];
    const found = bestMatch(podStatements(info, current.pod, MAX_TEXT));
    if (!found) return [];
    const facts = factsOf(found.best, info);
    if (facts.reason === 'invalid-image-name' && found.best.statement.image) facts.image = found.best.statement.image;
    const evidence = [...new Map(found.all.map((m) => [m.statement.evidence.text, m.statement.evidence])).values()];
    return [
      {
        classifier: ID,
        category: 'infrastructure',
        confidence: facts.reason === 'pod-not-created' ? 0.8 : 0.92,
        summary: summaryOf(facts, info),
        facts,
        evidence: evidence.slice(0, MAX_EVIDENCE),
        fingerprint: fingerprintOf(ID, [
          facts.reason,
          facts.secret ?? facts.configMap ?? facts.serviceAccount ?? facts.image ?? null,
          facts.key,
        ]),
      },
    ];
  },
};
