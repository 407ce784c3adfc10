// pod-lifecycle: the cluster stopped the pod, not the job's own test: it stayed pending until Prow's
// timeout, was evicted, was OOM-killed, or a Prow init container (clonerefs, initupload) failed.
// A pending timeout that pod-config-error explains (missing secret, invalid image) is left to it.
import type { EvidenceLine, PodInfo, PodLifecycleFacts, PodLifecycleFinding, RunInfo } from '../../types.ts';
import type { Classifier } from '../classifier.ts';
import { fingerprintOf } from '../normalise.ts';

const ID = 'pod-lifecycle';
const MAX_TEXT = 500;

interface Found {
  facts: PodLifecycleFacts;
  confidence: number;
  summary: string;
  evidence: EvidenceLine;
}

const ev = (artifact: string, field: string, text: string): EvidenceLine => ({
  artifact,
  line: 0,
  text: `${field}: ${text}`.slice(0, MAX_TEXT),
});

function terminated(pod: PodInfo): Found | null {
  for (const c of pod.containerStatuses) {
    const list = c.init ? 'initContainerStatuses' : 'containerStatuses';
    const field = `pod.status.${list}[${c.name}].state.terminated`;
    const message = (c.terminatedMessage ?? c.terminatedReason ?? '').slice(0, MAX_TEXT);
    if (c.terminatedReason === 'OOMKilled') {
      const facts: PodLifecycleFacts = { reason: 'oom-killed', container: c.name, message };
      if (c.exitCode !== null) facts.exitCode = c.exitCode;
      const summary = `Container ${c.name} was killed for exceeding its memory limit (OOMKilled).`;
      return {
        facts,
        confidence: 0.85,
        summary,
        evidence: ev('podinfo.json', field, `OOMKilled (exit ${c.exitCode ?? '?'})`),
      };
    }
    if (c.init && c.exitCode !== null && c.exitCode !== 0) {
      const facts: PodLifecycleFacts = {
        reason: 'init-container-failed',
        container: c.name,
        exitCode: c.exitCode,
        message,
      };
      const summary = `Prow's init container ${c.name} failed (exit ${c.exitCode}), so the job's test never ran${message ? `: ${message}` : '.'}`;
      return {
        facts,
        confidence: 0.85,
        summary,
        evidence: ev('podinfo.json', field, `${c.terminatedReason ?? 'Error'} (exit ${c.exitCode}) ${message}`),
      };
    }
  }
  return null;
}

function evicted(pod: PodInfo): Found | null {
  const i = pod.events.findIndex((e) => e.reason === 'Evicted');
  if (pod.reason !== 'Evicted' && i < 0) return null;
  const message = (pod.reason === 'Evicted' ? pod.message : pod.events[i]?.message) ?? 'Evicted';
  const where =
    pod.reason === 'Evicted'
      ? ev('podinfo.json', 'pod.status.message', message)
      : ev('podinfo.json', `events[${i}]`, message);
  const summary = `The node evicted the pod: ${message}`;
  return {
    facts: { reason: 'evicted', message: message.slice(0, MAX_TEXT) },
    confidence: 0.8,
    summary,
    evidence: where,
  };
}

function pendingTimeout(info: RunInfo): Found | null {
  const d = info.prowStatus?.description;
  if (!d || !/pending timeout/i.test(d)) return null;
  const summary = 'The pod never started: it stayed pending until Prow gave up (pod pending timeout).';
  return {
    facts: { reason: 'pending-timeout', message: d },
    confidence: 0.6,
    summary,
    evidence: ev('prowjob.json', 'status.description', d),
  };
}

export const podLifecycle: Classifier<null> = {
  id: ID,
  observer: () => ({ id: ID, triggers: [], init: () => null, onLine: () => 0 }),
  classify({ current, earlier }): PodLifecycleFinding[] {
    if (current.info.result === 'SUCCESS') return [];
    const pod = current.pod;
    let found = pod ? (terminated(pod) ?? evicted(pod)) : null;
    if (!found && !earlier.some((f) => f.classifier === 'pod-config-error' || f.classifier === 'image-pull-manifest'))
      found = pendingTimeout(current.info);
    if (!found) return [];
    return [
      {
        classifier: ID,
        category: 'infrastructure',
        confidence: found.confidence,
        summary: found.summary,
        facts: found.facts,
        evidence: [found.evidence],
        fingerprint: fingerprintOf(ID, [found.facts.reason, found.facts.container]),
      },
    ];
  },
};
