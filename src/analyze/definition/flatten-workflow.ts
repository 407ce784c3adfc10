// Flattens one job of a GitHub Actions workflow (as ingest recorded it: the job, its id and the
// workflow-level env/permissions/concurrency/defaults) into `path -> value` leaves, like the ProwJob
// flattener: `jobs.build.steps[checkout].uses`, `jobs.build.steps[checkout].with.fetch-depth`,
// `jobs.build.env[NODE_VERSION]`, `jobs.deploy.secrets[NPM_TOKEN]`, `jobs.build.container.image`,
// `jobs.build.services[db].image`, `jobs.build.runs-on`, `env[CI]`. Steps are keyed by id, else name,
// else their `uses`, else position, so inserting a step elsewhere changes no other step's paths.
import type { JobDefinition } from '../../types.ts';
import type { Leaves } from './flatten-definition.ts';

type Json = unknown;

/** What ingest puts in `JobDefinition.fields` for an Actions run. */
export interface ActionsJobFields {
  /** The workflow jobs whose logs the run's evidence holds (the failed ones, or the one named). */
  jobIds: string[];
  /** Every job of the workflow file, by id. */
  jobs: Record<string, Json>;
  /** Workflow-level env, permissions, concurrency, defaults. */
  workflow: Record<string, Json>;
}

const PLAIN = /^[A-Za-z_][\w-]*$/;
/** Maps whose keys are names the job passes on (variables, secrets): `[NAME]`, as the Prow env leaves. */
const NAMED_MAPS = new Set(['env', 'secrets', 'outputs']);

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: Json): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return null;
}

function child(prefix: string, key: string): string {
  const at = prefix === '' ? '' : '.';
  return PLAIN.test(key) ? `${prefix}${at}${key}` : `${prefix}[${key}]`;
}

function walk(path: string, value: Json, out: Leaves): void {
  const s = scalar(value);
  if (s !== null) {
    out.set(path, s);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => scalar(v) !== null)) out.set(path, JSON.stringify(value.map(scalar)));
    else value.forEach((v, i) => walk(`${path}[${i}]`, v, out));
    return;
  }
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const last = path.split('.').pop() ?? '';
    walk(NAMED_MAPS.has(last) ? `${path}[${k}]` : child(path, k), v, out);
  }
}

function stepKey(step: Json, index: number): string {
  if (!isRecord(step)) return `#${index + 1}`;
  for (const k of ['id', 'name', 'uses'] as const) {
    const v = step[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().replace(/[[\]]/g, '');
  }
  return `#${index + 1}`;
}

function walkSteps(prefix: string, steps: Json[], out: Leaves): void {
  const seen = new Map<string, number>();
  steps.forEach((step, i) => {
    let key = stepKey(step, i);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}#${n}`;
    const at = `${prefix}.steps[${key}]`;
    if (!isRecord(step)) return;
    for (const [k, v] of Object.entries(step)) if (k !== 'id' && k !== 'name') walk(child(at, k), v, out);
  });
}

function walkJob(prefix: string, job: Record<string, Json>, out: Leaves): void {
  for (const [k, v] of Object.entries(job)) {
    if (k === 'steps' && Array.isArray(v)) walkSteps(prefix, v, out);
    // `container: node:22` is the short form of `container: { image: node:22 }`.
    else if (k === 'container' && typeof v === 'string') out.set(`${prefix}.container.image`, v);
    else if (k === 'services' && isRecord(v)) {
      for (const [name, svc] of Object.entries(v)) {
        if (typeof svc === 'string') out.set(`${prefix}.services[${name}].image`, svc);
        else walk(`${prefix}.services[${name}]`, svc, out);
      }
    } else if (k === 'secrets' && typeof v === 'string') out.set(`${prefix}.secrets`, v);
    else walk(child(prefix, k), v, out);
  }
}

export function isActionsFields(fields: Record<string, Json>): fields is Record<string, Json> & ActionsJobFields {
  return Array.isArray(fields.jobIds) && isRecord(fields.jobs) && isRecord(fields.workflow);
}

/** The jobs a diff looks at: those of the failed run (`focus`), else the definition's own. */
export function focusOf(def: JobDefinition | null | undefined): string[] {
  return def && isActionsFields(def.fields) ? def.fields.jobIds.map(String) : [];
}

export function flattenWorkflow(def: JobDefinition | null | undefined, focus: string[] = focusOf(def)): Leaves {
  const out: Leaves = new Map();
  if (!def || !isActionsFields(def.fields)) return out;
  const { jobs, workflow } = def.fields;
  for (const k of ['env', 'permissions', 'concurrency', 'defaults'] as const) {
    if (workflow[k] !== undefined) walk(k, workflow[k], out);
  }
  for (const id of focus) {
    const job = jobs[id];
    if (isRecord(job)) walkJob(child('jobs', id), job, out);
  }
  return out;
}
