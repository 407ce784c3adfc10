import { containsTerm, definesVariable } from '../../src/suspects/match-terms.ts';
import { identifiersFromLine } from '../../src/suspects/extract-identifiers.ts';
import { isMechanicalPull } from '../../src/suspects/mechanical-pull.ts';

describe('containsTerm', () => {
  it.each([
    ['KUBERNETES_VERSION_LATEST_CI="ci/latest-1.33"', 'KUBERNETES_VERSION_LATEST_CI', true],
    ['KUBERNETES_VERSION_LATEST_CI="ci/latest-1.33"', 'KUBERNETES_VERSION', false], // prefix of a longer name
    ['preset-e2e-gce-windows-containerd: "true"', 'preset-e2e-gce-windows', false],
    [
      '- image: kindest/node:v1.33.0-alpha.1.199_25278540780516',
      'kindest/node:v1.33.0-alpha.1.199_25278540780516',
      true,
    ],
    ['kindest/node:v1.33.0-alpha.1.1990_x', 'v1.33.0-alpha.1.199', false],
    ['x KUBERNETES_VERSION and KUBERNETES_VERSION_X', 'KUBERNETES_VERSION', true], // second occurrence is not needed
    ['anything', '', false],
  ])('%s contains %s: %s', (text, term, expected) => {
    expect(containsTerm(text, term)).toBe(expected);
  });
});

describe('definesVariable', () => {
  it.each([
    ['  - name: KUBERNETES_NODE_PLATFORM', true],
    ['export KUBERNETES_NODE_PLATFORM=windows', true],
    ['    KUBERNETES_NODE_PLATFORM=$(grep x)', true],
    ['  KUBERNETES_NODE_PLATFORM: windows', true],
    ['echo "$KUBERNETES_NODE_PLATFORM"', false],
    ['  - name: KUBERNETES_NODE_PLATFORM_X', false],
    ['KUBERNETES_NODE_PLATFORM_X=1', false],
  ])('%s', (text, expected) => {
    expect(definesVariable(text, 'KUBERNETES_NODE_PLATFORM')).toBe(expected);
  });
});

describe('identifiersFromLine', () => {
  it('keeps specific names and drops prose, URLs, numbers and hashes', () => {
    const line =
      'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl.k8s.io/ci/v1.33.0 (sha 3b7f1a0e5d29c4) 2025/01/14.';

    expect(identifiersFromLine(line)).toEqual(['kubernetes-node-windows-amd64.tar.gz']);
    expect(identifiersFromLine('+ KUBERNETES_VERSION_LATEST_CI="ci/latest-1.33" resolved to "v1.33.0"')).toEqual([
      'KUBERNETES_VERSION_LATEST_CI',
      'ci/latest-1.33',
    ]);
  });
});

describe('isMechanicalPull', () => {
  it.each([
    ['Update k8s-staging-test-infra GCR images as needed', 'k8s-infra-ci-robot', null, true],
    [
      ':seedling: Bump the all-go-mod-patch-and-minor group across 3 directories with 4 updates',
      'dependabot[bot]',
      'Bot',
      true,
    ],
    ['Bump perf-tests images', 'wojtek-t', 'User', true],
    ['Update OpenShift testgrid definitions by auto-testgrid-generator job', 'openshift-bot', 'User', true],
    ['[sig-windows] Remove failing GCE jobs', 'jsturtevant', 'User', false],
    ['CAPI: add KIND_BUILD_IMAGES variable where no version env vars are set', 'chrischdi', 'User', false],
  ])('%s by %s', (title, author, authorType, expected) => {
    expect(isMechanicalPull({ title, author, authorType })).toBe(expected);
  });
});
