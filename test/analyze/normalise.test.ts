import { normaliseLine } from '../../src/analyze/normalise.ts';

// Pairs of lines from two runs that must normalise to the same text, each saying what varies.
const SAME: [string, string, string][] = [
  [
    'kubetest timestamps',
    '2024/12/18 18:35:02 main.go:282: Running kubetest',
    '2025/02/11 01:13:55 main.go:282: Running kubetest',
  ],
  [
    'Ginkgo timestamps',
    '  STEP: Deleting namespace @ 02/12/25 08:06:43.659',
    '  STEP: Deleting namespace @ 02/04/25 05:16:03.001',
  ],
  [
    'ISO timestamps',
    '{"time":"2025-02-12T09:27:56Z","msg":"done"}',
    '{"time":"2025-01-30T21:10:57.123+01:00","msg":"done"}',
  ],
  [
    'build timestamps',
    '+++ [0212 07:33:58] Verifying Prerequisites....',
    '+++ [0204 04:31:12] Verifying Prerequisites....',
  ],
  [
    'UUIDs',
    'AWS_ROLE_SESSION_NAME=09d1bbe2-0808-4d86-aed1-a28ef89a527f',
    'AWS_ROLE_SESSION_NAME=fdb11b27-3a0f-4c1e-9d2d-6f2e9ea8a1ad',
  ],
  [
    'digests',
    '#16 writing image sha256:0e3ba82600a9cea6e25be93db9b822b6b8b466ab42c863ad17e738586f8455b9 done',
    '#16 writing image sha256:d043f6719af44987af10113764cc0d5c8006cb8a882d4d974e69360f81d78996 done',
  ],
  ['IPs', 'Using master (external IP: 34.105.14.201)', 'Using master (external IP: 35.247.58.210)'],
  [
    'Kubernetes versions',
    'resolved to "v1.33.0-alpha.1.122+c81431de59a3bf"',
    'resolved to "v1.33.0-alpha.0.2664+0f8d2b6c1a93e5"',
  ],
  [
    'instance names',
    'Deleted e2e-bb3cd9e79e-e3991-minion-group-h6sk',
    'Deleted e2e-7ed6925d8c-e3991-minion-group-4ltv',
  ],
  ['random suffixes', 'Creating namespace clusterctl-upgrade-8u0bou', 'Creating namespace clusterctl-upgrade-0zefhy'],
  ['counters and durations', "Step 'e2e-up.sh' finished in 31m51s", "Step 'e2e-up.sh' finished in 4m2s"],
  ['pointers', '<*errors.withStack | 0xc0001399b0>: ', '<*errors.withStack | 0xc000a9c560>: '],
  ['ANSI colours and spacing', '\x1b[0;33mWaiting for 3 ready nodes.\x1b[0m   ', 'Waiting  for 3 ready nodes.'],
];

const DIFFERENT: [string, string, string][] = [
  ['different words', 'IP aliases are enabled.', 'IP aliases are disabled.'],
  [
    'a variable that lost its value',
    'NODE_BINARY_TAR_URL: https://storage.googleapis.com/x.tar.gz',
    'NODE_BINARY_TAR_URL: ',
  ],
  ['different image names', 'Pulling kindest/node', 'Pulling kindest/haproxy'],
];

describe('normaliseLine', () => {
  it.each(SAME)('equates lines whose %s differ', (_what, a, b) => {
    expect(normaliseLine(a)).toBe(normaliseLine(b));
  });

  it.each(DIFFERENT)('keeps %s apart', (_what, a, b) => {
    expect(normaliseLine(a)).not.toBe(normaliseLine(b));
  });

  it('writes placeholders', () => {
    expect(
      normaliseLine(
        '2025/02/11 01:13:55 e2e-bb3cd9e79e-e3991 sha256:0e3ba82600a9cea6e25be93db9b822b6 v1.33.0 at 10.0.0.1:443',
      ),
    ).toBe('<ts> e0e-<hex>-<id> <digest> <version> at <ip>');
  });
});
