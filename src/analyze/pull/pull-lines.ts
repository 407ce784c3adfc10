// Line readers for image pulls: which reference failed with "not found", which references the run
// produced (built, pulled, found locally), which version variables it resolved, and the kind /
// Ginkgo context around a failure. Each reader is a plain regex over one line (linear-time: no
// nested quantifiers) plus small checks in code.
import { cleanRef } from './image-ref.ts';

export type PullEvent =
  | { kind: 'not-found'; ref: string; tool: string }
  | { kind: 'produced'; ref: string; how: 'built' | 'pulled' | 'present' | 'building' }
  | { kind: 'resolved'; variable: string; marker: string; version: string }
  | { kind: 'defaulted'; variable: string; value: string }
  | { kind: 'kind-failure'; ref: string; cluster: string | null }
  | { kind: 'kind-cluster'; cluster: string }
  | { kind: 'suite'; name: string }
  | { kind: 'spec-failed' }
  | { kind: 'fail-location'; location: string }
  | { kind: 'summary'; count: number };

/** Literals that mark the lines these readers care about (the scanner's prefilter). */
export const PULL_TRIGGERS = [
  'manifest unknown', 'MANIFEST_UNKNOWN', 'failed to resolve reference', 'Failed to pull image',
  'failed to pull image', 'failed to resolve source metadata', 'build completed', 'Successfully tagged',
  'naming to ', 'Downloaded newer image', 'Image is up to date', 'Successfully pulled image',
  'already present', 'in local container image cache', 'Building kindest/node', ' resolved to ',
  'Defaulting ', 'Creating cluster "', 'Ensuring node image', 'Running Suite: ', '• [FAILED]',
  '[FAILED] in [', 'Summarizing ',
];

const Q = String.raw`\\?"`; // a quote, maybe escaped inside JSON or Go %q output
const QREF = String.raw`\\?"(?<ref>[^"\\\s]+)\\?"`;
const EXCLUDE = /toomanyrequests|rate limit|unauthorized|authentication required|denied|forbidden|\b40[13]\b|\b429\b/i;
const NOT_FOUND = /manifest unknown|MANIFEST_UNKNOWN|: not found|\bNotFound\b|not found: manifest/;

const NOT_FOUND_READERS: [RegExp, string][] = [
  [/manifest for (?<ref>[^\s"'\\]+) not found/, 'docker'],
  [new RegExp(`failed to resolve reference ${QREF}`), 'containerd'],
  [new RegExp(`Failed to pull image ${QREF}`), 'kubelet'],
  [/initializing source docker:\/\/(?<ref>[^\s"']+?): reading manifest/, 'podman'],
  [/failed to resolve source metadata for (?<ref>[^\s"']+?): /, 'buildkit'],
  [/fetching manifest (?<ref>[^\s"']+?): /, 'crane'],
];
const SKOPEO = /reading manifest (?<tag>[^\s"']+) in (?<repo>[^\s"']+?): manifest unknown/;
const REGISTRY_API = /https?:\/\/(?<host>[^/\s"']+)\/v2\/(?<repo>[^\s"']+?)\/manifests\/(?<tag>[^\s"':]+)/;

const PRODUCED: [RegExp, 'built' | 'pulled' | 'present' | 'building'][] = [
  [/Image "(?<ref>[^"]+)" build completed/, 'built'],
  [/Successfully tagged (?<ref>[^\s"']+)/, 'built'],
  [/naming to (?<ref>[^\s"']+) done/, 'built'],
  [/Status: (?:Downloaded newer image|Image is up to date) for (?<ref>[^\s"']+)/, 'pulled'],
  [new RegExp(`Successfully pulled image ${QREF}`), 'pulled'],
  [new RegExp(`Container image ${QREF} already present on machine`), 'present'],
  [/image (?<ref>[^\s"']+) already present in the system/, 'present'],
  [/Image:? \\?"?(?<ref>[^\s"\\]+?)\\?"? is present in local container image cache/, 'present'],
  [/Building (?<ref>kindest\/node:[^\s"']+)/, 'building'],
];

const RESOLVED = /\b(?<variable>[A-Z][A-Z0-9_]*)="(?<marker>[^"]*)" resolved to "(?<version>[^"]+)"/;
const DEFAULTED = /\bDefaulting (?<variable>[A-Z][A-Z0-9_]*) to (?<value>[^\s"']+)/;
const KIND_CREATE = new RegExp(`Failed to create kind cluster ${Q}(?<cluster>[^"\\\\]+)${Q}: failed to pull image ${QREF}`);
const KIND_PULL = new RegExp(`failed to pull image ${QREF}`);
const KIND_CLUSTER = /Creating cluster "(?<cluster>[^"]+)"/;
const KIND_NODE_IMAGE = /✗ Ensuring node image \((?<ref>[^)\s]+)\)/;
const SUITE = /Running Suite: (?<name>[^\s]+) - /;
const SPEC_FAILED = /• \[FAILED\] \[/;
const FAIL_LOCATION = /\[FAILED\] in \[[A-Za-z]+\] - (?<location>[^\s]+:\d+)/;
const SUMMARY = /Summarizing (?<count>\d+) Failures?/;

function notFoundOf(text: string): PullEvent | null {
  if (!NOT_FOUND.test(text) || EXCLUDE.test(text)) return null;
  for (const [re, tool] of NOT_FOUND_READERS) {
    const ref = re.exec(text)?.groups?.ref;
    if (ref) return { kind: 'not-found', ref: cleanRef(ref), tool };
  }
  const sk = SKOPEO.exec(text)?.groups;
  if (sk) return { kind: 'not-found', ref: `${sk.repo}:${sk.tag}`, tool: 'skopeo' };
  const api = text.includes('MANIFEST_UNKNOWN') ? REGISTRY_API.exec(text)?.groups : undefined;
  if (api) return { kind: 'not-found', ref: `${api.host}/${api.repo}:${api.tag}`, tool: 'registry' };
  return null;
}

function contextOf(text: string): PullEvent | null {
  let g = KIND_CREATE.exec(text)?.groups;
  if (g) return { kind: 'kind-failure', ref: g.ref!, cluster: g.cluster! };
  g = KIND_NODE_IMAGE.exec(text)?.groups ?? KIND_PULL.exec(text)?.groups;
  if (g) return { kind: 'kind-failure', ref: g.ref!, cluster: null };
  g = KIND_CLUSTER.exec(text)?.groups;
  if (g) return { kind: 'kind-cluster', cluster: g.cluster! };
  g = SUITE.exec(text)?.groups;
  if (g) return { kind: 'suite', name: g.name! };
  if (SPEC_FAILED.test(text)) return { kind: 'spec-failed' };
  g = FAIL_LOCATION.exec(text)?.groups;
  if (g) return { kind: 'fail-location', location: g.location! };
  g = SUMMARY.exec(text)?.groups;
  if (g) return { kind: 'summary', count: Number(g.count) };
  return null;
}

/** Everything one line says about pulls; usually nothing or one event. */
export function pullEventsOf(text: string): PullEvent[] {
  const events: PullEvent[] = [];
  const nf = notFoundOf(text);
  if (nf) events.push(nf);
  for (const [re, how] of PRODUCED) {
    const ref = re.exec(text)?.groups?.ref;
    if (ref) {
      events.push({ kind: 'produced', ref: cleanRef(ref), how });
      break;
    }
  }
  let g = RESOLVED.exec(text)?.groups;
  if (g) events.push({ kind: 'resolved', variable: g.variable!, marker: g.marker!, version: g.version! });
  g = DEFAULTED.exec(text)?.groups;
  if (g) events.push({ kind: 'defaulted', variable: g.variable!, value: g.value! });
  const ctx = contextOf(text);
  if (ctx) events.push(ctx);
  return events;
}
