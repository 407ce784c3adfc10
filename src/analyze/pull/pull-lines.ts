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
  'manifest unknown',
  'MANIFEST_UNKNOWN',
  'failed to resolve reference',
  'Failed to pull image',
  'failed to pull image',
  'failed to pull and unpack image',
  'failed to resolve source metadata',
  'build completed',
  'Successfully tagged',
  'naming to ',
  'Downloaded newer image',
  'Image is up to date',
  'Successfully pulled image',
  'already present',
  'in local container image cache',
  'Building kindest/node',
  ' resolved to ',
  'Defaulting ',
  'Creating cluster "',
  'Ensuring node image',
  'Running Suite: ',
  '• [FAILED]',
  '[FAILED] in [',
  'Summarizing ',
];

const Q = String.raw`\\?"`; // a quote, maybe escaped inside JSON or Go %q output
const QREF = String.raw`\\?"(?<ref>[^"\\\s]+)\\?"`;
const EXCLUDE = /toomanyrequests|rate limit|unauthorized|authentication required|denied|forbidden|\b40[13]\b|\b429\b/i;
const NOT_FOUND = /manifest unknown|MANIFEST_UNKNOWN|: not found|\bNotFound\b|not found: manifest/;

const NOT_FOUND_READERS: [RegExp, string][] = [
  [/manifest for (?<ref>[^\s"'\\]+) not found/, 'docker'],
  [new RegExp(`failed to resolve reference ${QREF}`), 'containerd'],
  [new RegExp(`Failed to pull image ${QREF}`), 'kubelet'],
  [new RegExp(`failed to pull and unpack image ${QREF}`), 'containerd'],
  [/initializing source docker:\/\/(?<ref>[^\s"']+?): reading manifest/, 'podman'],
  [/failed to resolve source metadata for (?<ref>[^\s"']+?): /, 'buildkit'],
  [/fetching manifest (?<ref>[^\s"']+?): /, 'crane'],
];
const SKOPEO = /reading manifest (?<tag>[^\s"']+) in (?<repo>[^\s"']+?): manifest unknown/;
const URL_TOKEN = /https?:\/\/[^\s"']+/g;

/** `host/repo:tag` from a registry API URL `https://host/v2/repo/manifests/tag` on the line. */
function registryApiRef(text: string): string | null {
  for (const [url] of text.matchAll(URL_TOKEN)) {
    const v2 = url.indexOf('/v2/');
    const manifests = url.lastIndexOf('/manifests/');
    if (v2 < 0 || manifests <= v2 + 4) continue;
    const host = url.slice(url.indexOf('//') + 2, v2);
    const tag = url.slice(manifests + '/manifests/'.length).replace(/:.*$/, '');
    if (tag) return `${host}/${url.slice(v2 + 4, manifests)}:${tag}`;
  }
  return null;
}

// [guard literal, reader, how the reference came to exist]
const PRODUCED: [string, RegExp, 'built' | 'pulled' | 'present' | 'building'][] = [
  ['build completed', /Image "(?<ref>[^"]+)" build completed/, 'built'],
  ['Successfully tagged', /Successfully tagged (?<ref>[^\s"']+)/, 'built'],
  ['naming to ', /naming to (?<ref>[^\s"']+) done/, 'built'],
  ['Status: ', /Status: (?:Downloaded newer image|Image is up to date) for (?<ref>[^\s"']+)/, 'pulled'],
  ['Successfully pulled', new RegExp(`Successfully pulled image ${QREF}`), 'pulled'],
  ['already present on machine', new RegExp(`Container image ${QREF} already present on machine`), 'present'],
  ['already present in the system', /image (?<ref>[^\s"']+) already present in the system/, 'present'],
  ['is present in local', /Image:? \\?"?(?<ref>[^\s"\\]+?)\\?"? is present in local container image cache/, 'present'],
  ['Building kindest', /Building (?<ref>kindest\/node:[^\s"']+)/, 'building'],
];

const RESOLVED = /\b(?<variable>[A-Z][A-Z0-9_]*)="(?<marker>[^"]*)" resolved to "(?<version>[^"]+)"/;
const DEFAULTED = /\bDefaulting (?<variable>[A-Z][A-Z0-9_]*) to (?<value>[^\s"']+)/;
const KIND_CREATE = new RegExp(
  `Failed to create kind cluster ${Q}(?<cluster>[^"\\\\]+)${Q}: failed to pull image ${QREF}`,
);
const KIND_PULL = new RegExp(`failed to pull image ${QREF}`);
const KIND_CLUSTER = /Creating cluster "(?<cluster>[^"]+)"/;
const KIND_NODE_IMAGE = /✗ Ensuring node image \((?<ref>[^)\s]+)\)/;
const SUITE = /Running Suite: (?<name>[^\s]+) - /;
const SPEC_FAILED = /• \[FAILED\] \[/;
const FAIL_LOCATION = /\[FAILED\] in \[[A-Za-z]+\] - (?<location>[^\s]+:\d+)/;
const SUMMARY = /Summarizing (?<count>\d+) Failures?/;

/** Every regex these readers run on log lines (checked for linear time by a unit test). */
export const PULL_LINE_PATTERNS: RegExp[] = [
  EXCLUDE,
  NOT_FOUND,
  ...NOT_FOUND_READERS.map(([re]) => re),
  SKOPEO,
  URL_TOKEN,
  ...PRODUCED.map(([, re]) => re),
  RESOLVED,
  DEFAULTED,
  KIND_CREATE,
  KIND_PULL,
  KIND_CLUSTER,
  KIND_NODE_IMAGE,
  SUITE,
  SPEC_FAILED,
  FAIL_LOCATION,
  SUMMARY,
];

function notFoundOf(text: string): PullEvent | null {
  if (!NOT_FOUND.test(text) || EXCLUDE.test(text)) return null;
  for (const [re, tool] of NOT_FOUND_READERS) {
    const ref = re.exec(text)?.groups?.ref;
    if (ref) return { kind: 'not-found', ref: cleanRef(ref), tool };
  }
  const sk = SKOPEO.exec(text)?.groups;
  if (sk) return { kind: 'not-found', ref: `${sk.repo}:${sk.tag}`, tool: 'skopeo' };
  const api = text.includes('MANIFEST_UNKNOWN') ? registryApiRef(text) : null;
  if (api) return { kind: 'not-found', ref: api, tool: 'registry' };
  return null;
}

type Reader = [guard: string, read: (text: string) => PullEvent | null];

const groups = (re: RegExp, text: string): Record<string, string> | null =>
  (re.exec(text)?.groups as Record<string, string> | undefined) ?? null;

// Each reader runs only on lines holding its guard literal, so candidate lines stay cheap.
const CONTEXT: Reader[] = [
  [
    'Failed to create kind cluster',
    (t) => {
      const g = groups(KIND_CREATE, t);
      return g ? { kind: 'kind-failure', ref: g.ref!, cluster: g.cluster! } : null;
    },
  ],
  [
    'Ensuring node image',
    (t) => {
      const g = groups(KIND_NODE_IMAGE, t);
      return g ? { kind: 'kind-failure', ref: g.ref!, cluster: null } : null;
    },
  ],
  [
    'failed to pull image',
    (t) => {
      const g = groups(KIND_PULL, t);
      return g ? { kind: 'kind-failure', ref: g.ref!, cluster: null } : null;
    },
  ],
  [
    'Creating cluster "',
    (t) => {
      const g = groups(KIND_CLUSTER, t);
      return g ? { kind: 'kind-cluster', cluster: g.cluster! } : null;
    },
  ],
  [
    'Running Suite: ',
    (t) => {
      const g = groups(SUITE, t);
      return g ? { kind: 'suite', name: g.name! } : null;
    },
  ],
  ['• [FAILED]', (t) => (SPEC_FAILED.test(t) ? { kind: 'spec-failed' } : null)],
  [
    '[FAILED] in [',
    (t) => {
      const g = groups(FAIL_LOCATION, t);
      return g ? { kind: 'fail-location', location: g.location! } : null;
    },
  ],
  [
    'Summarizing ',
    (t) => {
      const g = groups(SUMMARY, t);
      return g ? { kind: 'summary', count: Number(g.count) } : null;
    },
  ],
];

function producedOf(text: string): PullEvent | null {
  for (const [guard, re, how] of PRODUCED) {
    const ref = text.includes(guard) ? re.exec(text)?.groups?.ref : undefined;
    if (ref) return { kind: 'produced', ref: cleanRef(ref), how };
  }
  return null;
}

/** Everything one line says about pulls; usually nothing or one event. */
export function pullEventsOf(text: string): PullEvent[] {
  const events: PullEvent[] = [];
  const nf = notFoundOf(text);
  if (nf) events.push(nf);
  const produced = producedOf(text);
  if (produced) events.push(produced);
  let g = text.includes(' resolved to ') ? groups(RESOLVED, text) : null;
  if (g) events.push({ kind: 'resolved', variable: g.variable!, marker: g.marker!, version: g.version! });
  g = text.includes('Defaulting ') ? groups(DEFAULTED, text) : null;
  if (g) events.push({ kind: 'defaulted', variable: g.variable!, value: g.value! });
  for (const [guard, read] of CONTEXT) {
    const ctx = text.includes(guard) ? read(text) : null;
    if (ctx) {
      events.push(ctx);
      break;
    }
  }
  return events;
}
