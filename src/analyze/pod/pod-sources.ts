// The places a pod-level failure is stated, each with its evidence location (artifact + field path):
// the ProwJob's status.description, container waiting/terminated states, pod events. Pure.
import type { EvidenceLine, PodInfo, RunInfo } from '../../types.ts';

export interface PodStatement {
  /** CreateContainerConfigError, FailedMount, InvalidImageName, ProwJob, ... */
  kubeReason: string;
  text: string;
  container?: string;
  image?: string;
  evidence: EvidenceLine;
}

const WAITING_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName']);
const EVENT_REASONS = new Set(['FailedMount', 'FailedCreate', 'FailedAttachVolume', 'FailedCreatePodSandBox']);

function at(artifact: string, field: string, text: string, max: number): EvidenceLine {
  return { artifact, line: 0, text: `${field}: ${text}`.slice(0, max) };
}

export function podStatements(info: RunInfo, pod: PodInfo | null | undefined, max: number): PodStatement[] {
  const out: PodStatement[] = [];
  for (const c of pod?.containerStatuses ?? []) {
    if (c.waitingReason === null || !WAITING_REASONS.has(c.waitingReason)) continue;
    const list = c.init ? 'initContainerStatuses' : 'containerStatuses';
    const text = c.waitingMessage ?? c.waitingReason;
    const field = `pod.status.${list}[${c.name}].state.waiting`;
    const s: PodStatement = {
      kubeReason: c.waitingReason,
      text,
      container: c.name,
      evidence: at('podinfo.json', field, `${c.waitingReason}: ${text}`, max),
    };
    if (c.image) s.image = c.image;
    out.push(s);
  }
  (pod?.events ?? []).forEach((e, i) => {
    if (!EVENT_REASONS.has(e.reason)) return;
    const where = e.fieldPath ? ` (${e.fieldPath})` : '';
    out.push({
      kubeReason: e.reason,
      text: e.message,
      evidence: at('podinfo.json', `events[${i}]${where}`, `${e.reason}: ${e.message}`, max),
    });
  });
  const description = info.prowStatus?.description;
  if (description && info.result !== 'SUCCESS')
    out.push({
      kubeReason: 'ProwJob',
      text: description,
      evidence: at('prowjob.json', 'status.description', description, max),
    });
  return out;
}
