import { join } from 'node:path';

// What the bot must say for every run of the two incidents (from ../shared/incidents/*/incident.md).
export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'incidents');

export interface ExpectedRun {
  incident: 'windows-empty-node-binary-url' | 'capi-kind-version-drift';
  buildId: string;
  /** Folder under <incident>/gcs/ (bucket first). */
  path: string;
  result: 'SUCCESS' | 'FAILURE';
  cause: 'empty-env' | 'image-pull-manifest' | 'quota' | null;
  baseline: string | null;
  requested?: string;
  available?: string;
  cluster?: string;
}

const WIN_JOB = 'pull-kubernetes-csi-csi-proxy-integration';
const win = (pr: number, buildId: string) =>
  `kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/${pr}/${WIN_JOB}/${buildId}`;
const capi = (buildId: string) => `kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/${buildId}`;
const WIN_GREEN = '1869451148411281409';
const CAPI_GREEN = '1886449858450034690';

export const RUNS: ExpectedRun[] = [
  {
    incident: 'windows-empty-node-binary-url',
    buildId: '1866928716358094851',
    path: win(363, '1866928716358094851'),
    result: 'SUCCESS',
    cause: null,
    baseline: null,
  },
  {
    incident: 'windows-empty-node-binary-url',
    buildId: WIN_GREEN,
    path: win(358, WIN_GREEN),
    result: 'SUCCESS',
    cause: null,
    baseline: '1866928716358094851',
  },
  {
    incident: 'windows-empty-node-binary-url',
    buildId: '1879192288932925440',
    path: win(353, '1879192288932925440'),
    result: 'FAILURE',
    cause: 'empty-env',
    baseline: WIN_GREEN,
  },
  {
    incident: 'windows-empty-node-binary-url',
    buildId: '1881994665079615488',
    path: win(335, '1881994665079615488'),
    result: 'FAILURE',
    cause: 'empty-env',
    baseline: WIN_GREEN,
  },
  {
    incident: 'windows-empty-node-binary-url',
    buildId: '1885071877722869762',
    path: win(353, '1885071877722869762'),
    result: 'FAILURE',
    cause: 'quota',
    baseline: WIN_GREEN,
  },
  {
    incident: 'windows-empty-node-binary-url',
    buildId: '1889120572684636160',
    path: win(369, '1889120572684636160'),
    result: 'FAILURE',
    cause: 'empty-env',
    baseline: WIN_GREEN,
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1886042172269006853',
    path: capi('1886042172269006853'),
    result: 'SUCCESS',
    cause: null,
    baseline: null,
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1886178066317709316',
    path: capi('1886178066317709316'),
    result: 'SUCCESS',
    cause: null,
    baseline: '1886042172269006853',
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: CAPI_GREEN,
    path: capi(CAPI_GREEN),
    result: 'SUCCESS',
    cause: null,
    baseline: '1886178066317709316',
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1886631050654781440',
    path: capi('1886631050654781440'),
    result: 'FAILURE',
    cause: 'image-pull-manifest',
    baseline: CAPI_GREEN,
    requested: 'v1.33.0-alpha.0.2719+4c1f9e2a8d07b6',
    available: 'v1.33.0-alpha.0.2712+b62e07f1c3d9a4',
    cluster: 'clusterctl-upgrade-management-k2x7qa',
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1886766946188267520',
    path: capi('1886766946188267520'),
    result: 'SUCCESS',
    cause: null,
    baseline: null,
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1887219933939503104',
    path: capi('1887219933939503104'),
    result: 'SUCCESS',
    cause: null,
    baseline: null,
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1887672918029111296',
    path: capi('1887672918029111296'),
    result: 'FAILURE',
    cause: 'image-pull-manifest',
    baseline: CAPI_GREEN,
    requested: 'v1.33.0-alpha.1.44+8e2b5d0a9c1f73',
    available: 'v1.33.0-alpha.1.38+d4a91f6e0b7c25',
    cluster: 'clusterctl-upgrade-management-pl0e4v',
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1888171201684049927',
    path: capi('1888171201684049927'),
    result: 'SUCCESS',
    cause: null,
    baseline: null,
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1888850680047734784',
    path: capi('1888850680047734784'),
    result: 'FAILURE',
    cause: 'image-pull-manifest',
    baseline: CAPI_GREEN,
    requested: 'v1.33.0-alpha.1.109+6f1d8b3e0c4a25',
    available: 'v1.33.0-alpha.1.104+a07e3c5b9f2d68',
    cluster: 'clusterctl-upgrade-management-r4cz8s',
  },
  {
    incident: 'capi-kind-version-drift',
    buildId: '1889575453191049217',
    path: capi('1889575453191049217'),
    result: 'FAILURE',
    cause: 'image-pull-manifest',
    baseline: CAPI_GREEN,
    requested: 'v1.33.0-alpha.1.199+25278540780516',
    available: 'v1.33.0-alpha.1.122+c81431de59a3bf',
    cluster: 'clusterctl-upgrade-management-9h23mr',
  },
];

export const WINDOWS_VANISHED = {
  KUBE_GCE_ENABLE_IP_ALIASES: 'true',
  KUBERNETES_NODE_PLATFORM: 'windows',
  USE_TEST_INFRA_LOG_DUMPING: 'true',
  WINDOWS_ENABLE_DSR: 'true',
};

export const WINDOWS_NODES: Record<string, string> = {
  '1879192288932925440': 'e2e-c048e4674c-e3991-windows-node-group-q8hd',
  '1881994665079615488': 'e2e-efcb5f9dbd-e3991-windows-node-group-jv7p',
  '1889120572684636160': 'e2e-bb3cd9e79e-e3991-windows-node-group-dt2w',
};
