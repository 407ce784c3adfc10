import type { PodInfo } from '../../types.ts';
import { asArray, asNumber, asRecord, asText, dig, toIso, type JsonRecord } from '../json-access.ts';

/**
 * Prow's podinfo.json (`{ pod: v1.Pod, events: v1.Event[] }`). When the job's image cannot be pulled there is
 * no build log and the reason lives only here, in container statuses and events.
 */
export function parsePodInfo(podinfo: JsonRecord): PodInfo {
  const status = dig(podinfo, 'pod', 'status');
  const init = asArray(dig(status, 'initContainerStatuses')).map((entry) => [entry, true] as const);
  const main = asArray(dig(status, 'containerStatuses')).map((entry) => [entry, false] as const);
  return {
    phase: asText(dig(status, 'phase')),
    reason: asText(dig(status, 'reason')),
    message: asText(dig(status, 'message')),
    containerStatuses: [...init, ...main].flatMap(([entry, isInit]) => {
      const record = asRecord(entry);
      const name = asText(record?.name);
      if (record === null || name === null) return [];
      const waiting = dig(record, 'state', 'waiting');
      const terminated = dig(record, 'state', 'terminated') ?? dig(record, 'lastState', 'terminated');
      return [
        {
          name,
          image: asText(record.image),
          waitingReason: asText(dig(waiting, 'reason')),
          waitingMessage: asText(dig(waiting, 'message')),
          terminatedReason: asText(dig(terminated, 'reason')),
          exitCode: asNumber(dig(terminated, 'exitCode')),
          terminatedMessage: asText(dig(terminated, 'message')),
          init: isInit,
        },
      ];
    }),
    events: asArray(podinfo.events).flatMap((entry) => {
      const reason = asText(dig(entry, 'reason'));
      const message = asText(dig(entry, 'message'));
      if (reason === null && message === null) return [];
      const time = dig(entry, 'lastTimestamp') ?? dig(entry, 'eventTime') ?? dig(entry, 'firstTimestamp');
      const fieldPath = asText(dig(entry, 'involvedObject', 'fieldPath'));
      const type = asText(dig(entry, 'type'));
      return [{ reason: reason ?? '', message: message ?? '', type, time: toIso(time), fieldPath }];
    }),
  };
}
