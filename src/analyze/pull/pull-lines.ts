// Line readers for image pulls: which reference failed with "not found" (the wordings of table
// wordings/image-pull-manifest.yaml), which references the run produced (built, pulled, found
// locally), which version variables it resolved, and the kind / Ginkgo context around a failure.
// The context readers are plain linear-time regexes over one line plus small checks in code.
import { stripLinePrefix } from '../line-prefix.ts';
import { matchWording, minimalTriggers, triggersOf, type Wording, wordingsOf } from '../wordings/load-wordings.ts';
import { cleanRef } from './image-ref.ts';

export type PullEvent =
  /** `ref` null: the wording names no image (`manifest unknown` alone); the pull before it says which. */
  | { kind: 'not-found'; ref: string | null; tool: string; wording: string; confidence: number }
  /** `echo`: docker's progress line (`<tag>: Pulling from <repo>`), which drops the registry host. */
  | { kind: 'pulling'; ref: string; echo: boolean }
  | { kind: 'produced'; ref: string; how: 'built' | 'pulled' | 'present' | 'building' }
  | { kind: 'resolved'; variable: string; marker: string; version: string }
  | { kind: 'defaulted'; variable: string; value: string }
  | { kind: 'kind-failure'; ref: string; cluster: string | null }
  | { kind: 'kind-cluster'; cluster: string }
  | { kind: 'suite'; name: string }
  | { kind: 'spec-failed' }
  | { kind: 'fail-location'; location: string }
  | { kind: 'summary'; count: number };

/** Literals that mark the lines the context readers care about (the not-found wordings add theirs). */
const CONTEXT_TRIGGERS = [
  'Unable to find image ',
  'docker pull ',
  'docker --config ',
  'Pulling ',
  'load metadata for ',
  'Trying to pull ',
  'error pulling image ',
  'unable to pull ',
  ': Pulling from ',
  'failed to pull image',
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
const URL_TOKEN = /https?:\/\/[^\s"']+/g;
const PULL_WORDINGS = wordingsOf('image-pull-manifest');

/** Literals that mark the lines these readers care about (the scanner's prefilter). */
export const PULL_TRIGGERS = minimalTriggers([
  ...CONTEXT_TRIGGERS.map((text) => ({ text, ignoreCase: false })),
  ...triggersOf(PULL_WORDINGS),
]).map((t) => t.text);

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

const joinTag = (repo: string, tag: string): string =>
  `${repo}${/^[a-z0-9]+:[0-9a-f]{32,}$/i.test(tag) ? '@' : ':'}${tag}`;

/** The reference as requested, from a wording's facts (the name the user wrote beats a canonical one). */
function refOf(f: Record<string, string>, text: string): string | null {
  if (f.requested) return f.requested;
  if (f.image) return f.image;
  const repo = f.repo ?? (f.registry && f.repository ? `${f.registry}/${f.repository}` : f.repository);
  if (repo && f.tag) return joinTag(repo, f.tag);
  if (repo && f.digest) return `${repo}@${f.digest}`;
  return registryApiRef(text);
}

const hostless = (ref: string): boolean => {
  const first = ref.split('/', 1)[0]!;
  return !ref.includes('/') || !(first.includes('.') || first.includes(':') || first === 'localhost');
};

/** A reference without its registry host, given one by the registry URL the same line requested. */
function withHost(ref: string | null, text: string): string | null {
  if (ref === null || !hostless(ref)) return ref;
  const api = registryApiRef(text);
  return api?.endsWith(`/${ref}`) ? api : ref;
}

/** `docker` of "docker daemon (moby)", `buildkit` of "BuildKit (Dockerfile frontend ...)". */
const toolOf = (tool: string): string => tool.split(/[\s(,]/, 1)[0]!.toLowerCase();

// [guard literal, reader, how the reference came to exist, triggers one of which any match holds]
const PRODUCED: [string, RegExp, 'built' | 'pulled' | 'present' | 'building', string[]][] = [
  ['build completed', /Image "(?<ref>[^"]+)" build completed/, 'built', ['build completed']],
  ['Successfully tagged', /Successfully tagged (?<ref>[^\s"']+)/, 'built', ['Successfully tagged']],
  ['naming to ', /naming to (?<ref>[^\s"']+) done/, 'built', ['naming to ']],
  [
    'Status: ',
    /Status: (?:Downloaded newer image|Image is up to date) for (?<ref>[^\s"']+)/,
    'pulled',
    ['Downloaded newer image', 'Image is up to date'],
  ],
  ['Successfully pulled', new RegExp(`Successfully pulled image ${QREF}`), 'pulled', ['Successfully pulled image']],
  [
    'already present on machine',
    new RegExp(`Container image ${QREF} already present on machine`),
    'present',
    ['already present'],
  ],
  [
    'already present in the system',
    /image (?<ref>[^\s"']+) already present in the system/,
    'present',
    ['already present'],
  ],
  [
    'is present in local',
    /Image:? \\?"?(?<ref>[^\s"\\]+?)\\?"? is present in local container image cache/,
    'present',
    ['in local container image cache'],
  ],
  ['Building kindest', /Building (?<ref>kindest\/node:[^\s"']+)/, 'building', ['Building kindest/node']],
];

// Which image a pull was about, for a not-found line that names none: docker CLI
// (cli/command/container/create.go "Unable to find image '%s' locally"), kubelet
// (pkg/kubelet/images/image_manager.go "Pulling image %q") and docker pull progress ("<tag>: Pulling from <repo>").
// [triggers one of which any match holds, reader]
const PULLING: [string[], RegExp][] = [
  [['Unable to find image '], /Unable to find image '(?<ref>[^'\s]+)' locally/],
  [['Pulling image '], new RegExp(`Pulling image ${QREF}`)],
  [[': Pulling from '], /(?:^|\s)(?<tag>[\w][\w.+-]{0,127}): Pulling from (?<repo>[^\s"']+)/],
  // The command echoed before it runs (GitHub Actions runner, set -x): `/usr/bin/docker pull <ref>`.
  [
    ['docker pull ', 'docker --config '],
    /\bdocker (?:--config [^\s]+ )?pull +(?:(?:--platform[= ][^\s]+|--quiet|-q|--all-tags|-a) +)*(?<ref>[^\s"'-][^\s"']*)/,
  ],
  // kubelet pkg/kubelet/images/image_manager.go "Failed to pull image %q: %v" (the reference as the pod spec wrote it).
  [['Failed to pull image '], new RegExp(`Failed to pull image ${QREF}`)],
  // containers/common libimage/pull.go "Trying to pull %s..." (podman, buildah, skopeo), podman 1.x-3.x
  // "error pulling image %q" and podman's "unable to pull %s: " (the name as the user typed it).
  [['Trying to pull '], /^Trying to pull (?<ref>[^\s"']+?)\.\.\.$/],
  [['error pulling image '], new RegExp(`error pulling image ${QREF}`)],
  [['unable to pull '], /^Error: unable to pull (?<ref>[^\s"']+?): /],
  // docker-compose v1 compose/service.py pull: "Pulling %s (%s%s%s)..." (service, then the image as the file wrote it).
  [['Pulling '], /^Pulling [\w.-]+ \((?<ref>[^\s()]+)\)\.\.\.$/],
  // BuildKit's base-image vertex (frontend/dockerfile/dockerfile2llb/convert.go "%s load metadata for %s"), as
  // `=> ERROR [internal] load metadata for <ref>`, `#2 [internal] load metadata for <ref>` or ` > [...] ...<ref>:`.
  [['load metadata for '], /\] load metadata for (?<ref>[^\s"']*[^\s"':])/],
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
  URL_TOKEN,
  ...PRODUCED.map(([, re]) => re),
  ...PULLING.map(([, re]) => re),
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

function notFoundOf(text: string, wordings: readonly Wording[]): PullEvent | null {
  if (wordings.length === 0) return null;
  // Indented output (a step's log under its command) still starts where the tool's text starts.
  const m = matchWording(wordings, stripLinePrefix(text).trimStart());
  if (!m) return null;
  const ref = withHost(refOf(m.facts, text), text);
  return {
    kind: 'not-found',
    ref: ref === null ? null : cleanRef(ref.replace(/^docker:\/\//, '')),
    tool: toolOf(m.wording.tool),
    wording: m.wording.id,
    confidence: m.wording.confidence,
  };
}

/** [guard literal, reader, triggers one of which any event of the reader holds] */
type Reader = [guard: string, read: (text: string) => PullEvent | null, needs: string[]];

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
    ['failed to pull image'],
  ],
  [
    'Ensuring node image',
    (t) => {
      const g = groups(KIND_NODE_IMAGE, t);
      return g ? { kind: 'kind-failure', ref: g.ref!, cluster: null } : null;
    },
    ['Ensuring node image'],
  ],
  [
    'failed to pull image',
    (t) => {
      const g = groups(KIND_PULL, t);
      return g ? { kind: 'kind-failure', ref: g.ref!, cluster: null } : null;
    },
    ['failed to pull image'],
  ],
  [
    'Creating cluster "',
    (t) => {
      const g = groups(KIND_CLUSTER, t);
      return g ? { kind: 'kind-cluster', cluster: g.cluster! } : null;
    },
    ['Creating cluster "'],
  ],
  [
    'Running Suite: ',
    (t) => {
      const g = groups(SUITE, t);
      return g ? { kind: 'suite', name: g.name! } : null;
    },
    ['Running Suite: '],
  ],
  ['• [FAILED]', (t) => (SPEC_FAILED.test(t) ? { kind: 'spec-failed' } : null), ['• [FAILED]']],
  [
    '[FAILED] in [',
    (t) => {
      const g = groups(FAIL_LOCATION, t);
      return g ? { kind: 'fail-location', location: g.location! } : null;
    },
    ['[FAILED] in ['],
  ],
  [
    'Summarizing ',
    (t) => {
      const g = groups(SUMMARY, t);
      return g ? { kind: 'summary', count: Number(g.count) } : null;
    },
    ['Summarizing '],
  ],
];

// One bit per reader, in the order pullEventsOf runs them: PRODUCED, PULLING, resolved, defaulted, CONTEXT.
const PULLING_AT = PRODUCED.length;
const RESOLVED_BIT = 1 << (PULLING_AT + PULLING.length);
const DEFAULTED_BIT = RESOLVED_BIT << 1;
const CONTEXT_AT = PULLING_AT + PULLING.length + 2;
const READER_NEEDS: string[][] = [
  ...PRODUCED.map(([, , , needs]) => needs),
  ...PULLING.map(([needs]) => needs),
  [' resolved to '],
  ['Defaulting '],
  ...CONTEXT.map(([, , needs]) => needs),
];
if (READER_NEEDS.length > 31) throw new Error('pull-lines: more readers than bits in a reader mask');
const ALL_READERS = 2 ** READER_NEEDS.length - 1;
const bitsOf = (from: number, n: number): number => ((2 ** n - 1) * 2 ** from) | 0;
const PULLING_BITS = bitsOf(PULLING_AT, PULLING.length);

/** Readers whose events only fill a list: the observer skips them once the list is full. */
export const LIST_READERS = {
  produced: bitsOf(0, PRODUCED.length),
  resolved: RESOLVED_BIT,
  defaulted: DEFAULTED_BIT,
} as const;

/**
 * Which readers and not-found wordings a line can set off, given the triggers the scanner found on
 * it (ScanLine.hits). A reader's or wording's match holds one of its literals, and each of those
 * holds one of PULL_TRIGGERS (minimalTriggers keeps the shortest): so that trigger is among the
 * hits. A literal holding no trigger (none today) makes its reader or wording run on every line.
 */
interface Gate {
  readers: number;
  wordings: readonly Wording[];
}

const holdsTrigger = (literal: string): boolean => PULL_TRIGGERS.some((t) => literal.includes(t));
const ALWAYS_READERS = READER_NEEDS.reduce(
  (m, needs, i) => (needs.some((n) => !holdsTrigger(n)) ? m | (1 << i) : m),
  0,
);
const alwaysWording = (w: Wording): boolean => w.triggers.length === 0 || w.triggers.some((t) => !holdsTrigger(t));
const GATES = new Map<string, { readers: number; wordings: boolean[] }>(
  PULL_TRIGGERS.map((hit) => [
    hit,
    {
      readers: READER_NEEDS.reduce((m, needs, i) => (needs.some((n) => n.includes(hit)) ? m | (1 << i) : m), 0),
      wordings: PULL_WORDINGS.map((w) => alwaysWording(w) || w.triggers.some((t) => t.includes(hit))),
    },
  ]),
);
const ONE_HIT = new Map<string, Gate>(
  [...GATES].map(([hit, g]) => [
    hit,
    { readers: g.readers | ALWAYS_READERS, wordings: PULL_WORDINGS.filter((_, i) => g.wordings[i]) },
  ]),
);
const OPEN: Gate = { readers: ALL_READERS, wordings: PULL_WORDINGS };

function gateOf(hits: readonly string[] | undefined): Gate {
  if (hits === undefined || hits.length === 0) return OPEN;
  if (hits.length === 1) return ONE_HIT.get(hits[0]!) ?? OPEN;
  let readers = ALWAYS_READERS;
  const gates: boolean[][] = [];
  for (const h of hits) {
    const g = GATES.get(h);
    if (!g) return OPEN;
    readers |= g.readers;
    gates.push(g.wordings);
  }
  return { readers, wordings: PULL_WORDINGS.filter((_, i) => gates.some((g) => g[i])) };
}

function producedOf(text: string, on: number): PullEvent | null {
  for (let i = 0; i < PRODUCED.length; i++) {
    if ((on & (1 << i)) === 0) continue;
    const [guard, re, how] = PRODUCED[i]!;
    const ref = text.includes(guard) ? re.exec(text)?.groups?.ref : undefined;
    if (ref) return { kind: 'produced', ref: cleanRef(ref), how };
  }
  return null;
}

function pullingOf(raw: string, on: number): PullEvent | null {
  if ((on & PULLING_BITS) === 0) return null;
  if (!/Unable to find image|Pulling |[ \t]pull|pulling image |load metadata for /.test(raw)) return null;
  const text = stripLinePrefix(raw).trimStart();
  for (let i = 0; i < PULLING.length; i++) {
    if ((on & (1 << (PULLING_AT + i))) === 0) continue;
    const g = groups(PULLING[i]![1], text);
    if (g?.ref) return { kind: 'pulling', ref: cleanRef(g.ref), echo: false };
    if (g?.repo && g.tag) return { kind: 'pulling', ref: `${g.repo}:${g.tag}`, echo: true };
  }
  return null;
}

/**
 * Everything one line says about pulls; usually nothing or one event. `hits`: the triggers found on
 * the line (ScanLine.hits), to run only the readers they can set off (the same events, faster);
 * `skip`: readers not to run (LIST_READERS whose list is full).
 */
export function pullEventsOf(raw: string, hits?: readonly string[], skip = 0): PullEvent[] {
  const gate = gateOf(hits);
  const on = gate.readers & ~skip;
  const events: PullEvent[] = [];
  if (on === 0 && gate.wordings.length === 0) return events;
  const text = stripLinePrefix(raw);
  const pulling = pullingOf(text, on);
  if (pulling) events.push(pulling);
  const nf = notFoundOf(text, gate.wordings);
  if (nf) events.push(nf);
  const produced = producedOf(text, on);
  if (produced) events.push(produced);
  let g = on & RESOLVED_BIT && text.includes(' resolved to ') ? groups(RESOLVED, text) : null;
  if (g) events.push({ kind: 'resolved', variable: g.variable!, marker: g.marker!, version: g.version! });
  g = on & DEFAULTED_BIT && text.includes('Defaulting ') ? groups(DEFAULTED, text) : null;
  if (g) events.push({ kind: 'defaulted', variable: g.variable!, value: g.value! });
  for (let i = 0; i < CONTEXT.length; i++) {
    if ((on & (1 << (CONTEXT_AT + i))) === 0) continue;
    const [guard, read] = CONTEXT[i]!;
    const ctx = text.includes(guard) ? read(text) : null;
    if (ctx) {
      events.push(ctx);
      break;
    }
  }
  return events;
}
