// The definition fields of a ProwJob, kept as recorded so analysis can diff them against the baseline's.
// Only what a config change can move is kept; status, per-run metadata and the refs' SHAs are left out.
import type { JobDefinition } from '../../types.ts';
import { asArray, asRecord, dig, type JsonRecord } from '../json-access.ts';

const SPEC_FIELDS = [
  'type',
  'agent',
  'cluster',
  'namespace',
  'job',
  'report',
  'max_concurrency',
  'context',
  'rerun_command',
  'decoration_config',
  'hidden',
  'reporter_config',
] as const;

const POD_FIELDS = [
  'serviceAccountName',
  'automountServiceAccountToken',
  'nodeSelector',
  'tolerations',
  'affinity',
  'volumes',
  'initContainers',
  'containers',
  'dnsPolicy',
  'dnsConfig',
  'hostNetwork',
  'runtimeClassName',
  'priorityClassName',
  'securityContext',
] as const;

const REF_FIELDS = ['org', 'repo', 'base_ref', 'path_alias', 'workdir', 'clone_uri', 'repo_link', 'skip_submodules'];

function pick(record: JsonRecord | null, keys: readonly string[]): JsonRecord {
  const out: JsonRecord = {};
  if (record === null) return out;
  for (const k of keys) if (record[k] !== undefined && record[k] !== null) out[k] = record[k];
  return out;
}

/** Refs without their SHAs and pulls: those change every run. */
function refOf(value: unknown): JsonRecord | null {
  const ref = asRecord(value);
  return ref === null ? null : pick(ref, REF_FIELDS);
}

export function jobDefinitionOf(prowjob: JsonRecord | null): JobDefinition | null {
  const spec = asRecord(prowjob?.spec);
  if (spec === null) return null;
  const fields: JsonRecord = {
    labels: asRecord(dig(prowjob, 'metadata', 'labels')) ?? {},
    annotations: asRecord(dig(prowjob, 'metadata', 'annotations')) ?? {},
    ...pick(spec, SPEC_FIELDS),
  };
  const pod = asRecord(spec.pod_spec);
  if (pod !== null) fields.pod_spec = pick(pod, POD_FIELDS);
  const refs = refOf(spec.refs);
  if (refs !== null) fields.refs = refs;
  const extra = asArray(spec.extra_refs)
    .map(refOf)
    .filter((r): r is JsonRecord => r !== null);
  if (extra.length > 0) fields.extra_refs = extra;
  return { source: 'prowjob.json', fields };
}
