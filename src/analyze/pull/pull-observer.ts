// Streaming half of `image-pull-manifest`: keeps bounded lists of what the run's lines said about
// pulls (failures, produced references, resolved versions) and the kind/Ginkgo context around them.
import type { LineObserver, ScanLine } from '../types.ts';
import { canonicalRef, pulledAs } from './image-ref.ts';
import { LIST_READERS, PULL_TRIGGERS, pullEventsOf } from './pull-lines.ts';

export interface Located {
  artifact: string;
  line: number;
  text: string;
}

export interface PullState {
  /** Not-found lines, with the wording that matched and its confidence. */
  notFound: (Located & { ref: string; key: string; tool: string; wording: string; confidence: number })[];
  produced: (Located & { ref: string; key: string; how: 'built' | 'pulled' | 'present' | 'building' })[];
  resolved: (Located & { variable: string; marker: string; version: string })[];
  defaulted: (Located & { variable: string; value: string })[];
  kind: (Located & { ref: string; key: string; cluster: string | null })[];
  specs: (Located & { name: string | null; location: string | null })[];
  suite: string | null;
  lastCluster: (Located & { cluster: string }) | null;
  /** The last image a pull line named, for a not-found line that names none. */
  lastPull?: (Located & { ref: string; command?: string }) | null;
  /** Not-found lines that name no image, with no pull before them that does (`manifest unknown` alone). */
  unnamed?: (Located & { tool: string; wording: string; confidence: number })[];
  /** References as a command or tool asked for them (`docker pull X`, kubelet's `Failed to pull image "X"`). */
  requests?: (Located & { ref: string })[];
  /** What the next follow-up lines are expected to hold. */
  expect: 'spec-name' | 'summary' | null;
}

const CAP = {
  notFound: 60,
  unnamed: 10,
  produced: 500,
  resolved: 60,
  defaulted: 60,
  kind: 40,
  specs: 30,
  requests: 60,
} as const;
const FAIL_ENTRY = /^\s*\[FAIL\] (?<name>\S.*)$/;
const LOCATION_ENTRY = /^\s*(?<location>\/[^\s]+:\d+)\s*$/;
/** The regexes this observer runs on follow-up lines (checked for linear time by a unit test). */
export const FOLLOW_UP_PATTERNS: RegExp[] = [FAIL_ENTRY, LOCATION_ENTRY];
const MAX_SUMMARY_FOLLOW = 61;
const LAYER_PROGRESS = ': Pulling fs layer';
const PULL_REACH = 50; // lines between a pull line and the not-found line that names no image

function push<T>(list: T[], cap: number, item: T): void {
  if (list.length < cap) list.push(item);
}

function at(line: ScanLine, maxText: number): Located {
  return { artifact: line.artifact, line: line.line, text: line.text.trim().slice(0, maxText) };
}

function onFollowUp(s: PullState, line: ScanLine, maxText: number): number {
  if (s.expect === 'spec-name') {
    s.expect = null;
    const last = s.specs.at(-1);
    if (last && last.name === null && !line.text.trim().startsWith('/')) last.name = line.text.trim();
    return 0;
  }
  const fail = FAIL_ENTRY.exec(line.text)?.groups;
  if (fail) {
    const name = fail.name!.trim();
    if (!s.specs.some((x) => x.name === name)) push(s.specs, CAP.specs, { ...at(line, maxText), name, location: null });
    return 0;
  }
  const loc = LOCATION_ENTRY.exec(line.text)?.groups;
  const last = s.specs.at(-1);
  if (loc && last && last.location === null) last.location = loc.location!;
  return 0;
}

/** Readers whose list is full: their events would change nothing. */
function fullReaders(s: PullState): number {
  return (
    (s.produced.length >= CAP.produced ? LIST_READERS.produced : 0) |
    (s.resolved.length >= CAP.resolved ? LIST_READERS.resolved : 0) |
    (s.defaulted.length >= CAP.defaulted ? LIST_READERS.defaulted : 0)
  );
}

function onEvents(s: PullState, line: ScanLine, maxText: number): number {
  let follow = 0;
  for (const e of pullEventsOf(line.text, line.hits, fullReaders(s))) {
    const here = at(line, maxText);
    switch (e.kind) {
      case 'pulling': {
        // docker's progress line echoes the pull the command before it asked for, without the host.
        const last = s.lastPull;
        const command =
          e.echo && last?.command && last.artifact === line.artifact && line.line - last.line <= PULL_REACH
            ? last.command
            : null;
        const asked = command ? pulledAs(command, e.ref) : null;
        s.lastPull = asked
          ? { ...here, ref: asked, command: command! }
          : { ...here, ref: e.ref, ...(e.echo ? {} : { command: e.ref }) };
        if (!e.echo) {
          s.requests ??= [];
          push(s.requests, CAP.requests, { ...here, ref: e.ref });
        }
        break;
      }
      case 'not-found': {
        const last = s.lastPull;
        const ref =
          e.ref ?? (last && last.artifact === line.artifact && line.line - last.line <= PULL_REACH ? last.ref : null);
        if (ref === null) {
          s.unnamed ??= [];
          push(s.unnamed, CAP.unnamed, { ...here, tool: e.tool, wording: e.wording, confidence: e.confidence });
          break;
        }
        push(s.notFound, CAP.notFound, {
          ...here,
          ref,
          key: canonicalRef(ref) ?? ref,
          tool: e.tool,
          wording: e.wording,
          confidence: e.confidence,
        });
        break;
      }
      case 'produced':
        push(s.produced, CAP.produced, { ...here, ref: e.ref, key: canonicalRef(e.ref) ?? e.ref, how: e.how });
        break;
      case 'resolved':
        push(s.resolved, CAP.resolved, { ...here, variable: e.variable, marker: e.marker, version: e.version });
        break;
      case 'defaulted':
        push(s.defaulted, CAP.defaulted, { ...here, variable: e.variable, value: e.value });
        break;
      case 'kind-failure': {
        const cluster = e.cluster ?? (s.lastCluster?.artifact === line.artifact ? s.lastCluster.cluster : null);
        push(s.kind, CAP.kind, { ...here, ref: e.ref, key: canonicalRef(e.ref) ?? e.ref, cluster });
        break;
      }
      case 'kind-cluster':
        s.lastCluster = { ...here, cluster: e.cluster };
        break;
      case 'suite':
        s.suite ??= e.name;
        break;
      case 'spec-failed':
        push(s.specs, CAP.specs, { ...here, name: null, location: null });
        s.expect = 'spec-name';
        follow = 1;
        break;
      case 'fail-location': {
        const last = s.specs.findLast((x) => x.artifact === line.artifact && x.location === null);
        if (last) last.location = e.location;
        break;
      }
      case 'summary':
        s.expect = 'summary';
        follow = Math.min(MAX_SUMMARY_FOLLOW, 2 * e.count + 1);
        break;
    }
  }
  return follow;
}

export function pullObserver(id: string, maxText: number): LineObserver<PullState> {
  return {
    id,
    triggers: PULL_TRIGGERS.map((text) => ({ text, ignoreCase: false })),
    init: () => ({
      notFound: [],
      produced: [],
      resolved: [],
      defaulted: [],
      kind: [],
      specs: [],
      suite: null,
      lastCluster: null,
      expect: null,
    }),
    onLine(s, line) {
      if (line.followUp) return onFollowUp(s, line, maxText);
      // docker's per-layer progress (moby distribution/xfer download.go "Pulling fs layer"), routed
      // here by the `Pulling ` literal compose v1's pull line needs, says nothing about which image.
      if (line.text.includes(LAYER_PROGRESS)) return 0;
      return onEvents(s, line, maxText);
    },
    endArtifact(s) {
      s.expect = null;
      s.lastCluster = null;
      s.lastPull = null;
    },
  };
}
