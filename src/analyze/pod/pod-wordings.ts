// Kubernetes' wordings for a pod that cannot start as defined, one pattern per wording, each read
// from kubelet, the API server or Prow's ProwJob status. Linear-time: listed in test/analyze/linear-cases.ts.
import type { PodConfigFacts } from '../../types.ts';

export interface PodWording {
  reason: PodConfigFacts['reason'];
  /** Named groups: secret, configMap, key, volume, serviceAccount. */
  pattern: RegExp;
}

export const POD_WORDINGS: PodWording[] = [
  // MountVolume.SetUp failed for volume "token" : secret "k8s-triage-robot-github-token" not found
  {
    reason: 'secret-not-found',
    pattern: /volume "(?<volume>[^"]{1,253})" ?: secret "(?<secret>[^"]{1,253})" not found/,
  },
  {
    reason: 'configmap-not-found',
    pattern: /volume "(?<volume>[^"]{1,253})" ?: configmaps? "(?<configMap>[^"]{1,253})" not found/,
  },
  // couldn't find key token in Secret test-pods/bot-token
  {
    reason: 'key-not-found',
    pattern: /couldn't find key (?<key>\S{1,253}) in Secret [\w.-]{1,253}\/(?<secret>[\w.-]{1,253})/,
  },
  {
    reason: 'key-not-found',
    pattern: /couldn't find key (?<key>\S{1,253}) in ConfigMap [\w.-]{1,253}\/(?<configMap>[\w.-]{1,253})/,
  },
  // CreateContainerConfigError: secret "x" not found
  { reason: 'secret-not-found', pattern: /\bsecrets? "(?<secret>[^"]{1,253})" not found/ },
  { reason: 'configmap-not-found', pattern: /\bconfigmaps? "(?<configMap>[^"]{1,253})" not found/ },
  // error looking up service account test-pods/prowjob-default-sa: serviceaccount "prowjob-default-sa" not found
  { reason: 'service-account-not-found', pattern: /\bserviceaccounts? "(?<serviceAccount>[^"]{1,253})" not found/ },
  // Prow: "Pod can not be created: ...", admission webhooks: "admission webhook ... denied the request"
  { reason: 'pod-not-created', pattern: /Pod can not be created|denied the request|\bis forbidden:|\bis invalid:/ },
];

export const POD_WORDING_PATTERNS: RegExp[] = POD_WORDINGS.map((w) => w.pattern);

export interface WordingMatch {
  reason: PodConfigFacts['reason'];
  groups: Record<string, string>;
}

/** The first wording that matches, most specific first. */
export function matchPodWording(text: string): WordingMatch | null {
  for (const w of POD_WORDINGS) {
    const m = w.pattern.exec(text);
    if (!m) continue;
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    return { reason: w.reason, groups };
  }
  return null;
}
