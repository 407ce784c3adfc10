import type { EnvVar, JobType, RunInfo, RunResult } from '../../types.ts';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asText,
  dig,
  stringRecord,
  toIso,
  type JsonRecord,
} from '../json-access.ts';
import { jobDefinitionOf } from './job-definition.ts';
import { refsFromProwJob, refsFromStarted } from './refs.ts';
import type { RunPath } from './run-path.ts';

export interface ProwDocuments {
  prowjob: JsonRecord | null;
  started: JsonRecord | null;
  finished: JsonRecord | null;
}

const JOB_TYPES: readonly JobType[] = ['presubmit', 'postsubmit', 'periodic', 'batch'];

/** RunInfo from whatever Prow files could be read; the run's path fills the gaps. */
export function buildRunInfo(docs: ProwDocuments, path: RunPath, fallbackUrl: string | null): RunInfo {
  const { prowjob, started, finished } = docs;
  const labels = stringRecord(dig(prowjob, 'metadata', 'labels'));
  const container = asRecord(asArray(dig(prowjob, 'spec', 'pod_spec', 'containers'))[0]);
  const prowRefs = refsFromProwJob(prowjob);
  const refs = prowRefs.length > 0 ? prowRefs : refsFromStarted(started);
  const mainRef = refs[0];
  return {
    job: asText(dig(prowjob, 'spec', 'job')) ?? labels['prow.k8s.io/job'] ?? path.job,
    jobType: jobTypeOf(prowjob, labels, path),
    buildId: path.buildId || (asText(dig(prowjob, 'status', 'build_id')) ?? ''),
    url: asText(dig(prowjob, 'status', 'url')) ?? fallbackUrl,
    result: resultOf(finished, prowjob),
    startedAt: toIso(started?.timestamp) ?? toIso(dig(prowjob, 'status', 'startTime')),
    finishedAt: toIso(finished?.timestamp) ?? toIso(dig(prowjob, 'status', 'completionTime')),
    repo: mainRef ? `${mainRef.org}/${mainRef.repo}` : path.repo,
    pull:
      mainRef?.pulls[0]?.number ?? asNumber(started?.pull) ?? asNumber(labels['prow.k8s.io/refs.pull']) ?? path.pull,
    refs,
    env: container === null ? null : envOf(container),
    labels,
    image: asText(container?.image),
    commit: asText(started?.['repo-commit']),
    jobConfigPath: null,
    definition: jobDefinitionOf(prowjob),
    prowStatus: prowjob === null ? null : prowStatusOf(prowjob),
  };
}

function prowStatusOf(prowjob: JsonRecord): RunInfo['prowStatus'] {
  const state = asText(dig(prowjob, 'status', 'state'));
  const description = asText(dig(prowjob, 'status', 'description'));
  return state === null && description === null ? null : { state, description };
}

function jobTypeOf(prowjob: JsonRecord | null, labels: Record<string, string>, path: RunPath): JobType {
  const declared = asString(dig(prowjob, 'spec', 'type')) ?? labels['prow.k8s.io/type'] ?? '';
  return JOB_TYPES.find((type) => type === declared) ?? path.jobType;
}

function envOf(container: JsonRecord): EnvVar[] {
  return asArray(container.env).flatMap((entry): EnvVar[] => {
    const name = asText(dig(entry, 'name'));
    if (name === null) return [];
    return [{ name, value: asString(dig(entry, 'value')) ?? (dig(entry, 'valueFrom') ? null : '') }];
  });
}

const STATES: Record<string, RunResult> = {
  success: 'SUCCESS',
  failure: 'FAILURE',
  aborted: 'ABORTED',
  error: 'ERROR',
  pending: 'PENDING',
  triggered: 'PENDING',
  scheduling: 'PENDING',
};

/** finished.json `result`, else its `passed`, else the ProwJob state. */
export function resultOf(finished: JsonRecord | null, prowjob: JsonRecord | null): RunResult {
  const declared = asString(finished?.result)?.toLowerCase();
  if (declared !== undefined && STATES[declared] !== undefined) return STATES[declared];
  if (typeof finished?.passed === 'boolean') return finished.passed ? 'SUCCESS' : 'FAILURE';
  const state = asString(dig(prowjob, 'status', 'state'))?.toLowerCase();
  return (state !== undefined ? STATES[state] : undefined) ?? 'UNKNOWN';
}
