import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { MemoryPrCache } from '../../src/suspects/index.ts';
import { triage } from '../../src/triage.ts';
import type { TriageDeps } from '../../src/triage.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import { makeTestOctokit, startGithubFake } from '../helpers/github-fake.ts';
import type { GithubExport } from '../helpers/github-fake.ts';
import { blocksText, responseUrl, startSlackHarness } from '../fixtures/slack/slack-harness.ts';
import type { Harness } from '../fixtures/slack/slack-harness.ts';
import { commandBody, postSigned } from '../fixtures/slack/slack-requests.ts';
import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import { SHARED } from './expected.ts';

// `/triage <prow-url>` in Slack with the REAL engine: signed slash commands on loopback, the runs served
// from a loopback GCS holding the incident trees, suspect PRs from a loopback GitHub serving the real
// exports; Slack's response_url answered by nock.

const exportOf = (incident: string, file: string) =>
  JSON.parse(readFileSync(join(SHARED, incident, 'github', file), 'utf8')) as GithubExport;
const empty = (repo: string): GithubExport => ({ repo, branch: 'master', pulls: [], files: {} });

const CASES = [
  {
    incident: 'capi-kind-version-drift',
    url: 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217',
    exports: () => [
      exportOf('capi-kind-version-drift', 'kubernetes__test-infra.json'),
      exportOf('capi-kind-version-drift', 'kubernetes-sigs__cluster-api.json'),
      empty('kubernetes/kubernetes'),
    ],
    expect: [
      'kindest/node:v1.33.0-alpha.1.199_25278540780516',
      'v1.33.0-alpha.1.122+c81431de59a3bf',
      'kubernetes-sigs/cluster-api#11784',
    ],
  },
  {
    incident: 'windows-empty-node-binary-url',
    url: 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160',
    exports: () => [
      exportOf('windows-empty-node-binary-url', 'kubernetes__test-infra.json'),
      empty('kubernetes-csi/csi-proxy'),
    ],
    expect: ['NODE_BINARY_TAR_URL', 'KUBERNETES_NODE_PLATFORM', 'kubernetes/test-infra#34103'],
  },
];

describe.each(CASES)('/triage in Slack, real engine: $incident', (c) => {
  const closers: (() => Promise<void>)[] = [];
  let store: SlackTestStore;
  let h: Harness;

  beforeAll(async () => {
    const gcs = await startGcsServer({ root: join(SHARED, c.incident, 'gcs') });
    const github = await startGithubFake(c.exports());
    closers.push(
      () => gcs.close(),
      () => github.close(),
    );
    const deps: TriageDeps = {
      sources: { gcsUrl: gcs.url, prowUrl: 'https://prow.k8s.io' },
      catalog: await loadRuleCatalog([]),
      suspects: {
        octokit: makeTestOctokit(github.baseUrl),
        cache: new MemoryPrCache(),
        configRepos: ['kubernetes/test-infra'],
      },
    };
    store = openSlackTestStore();
    h = await startSlackHarness(store, { triage: (req) => triage(req, deps) });
  });

  afterAll(async () => {
    await h.close();
    await store.close();
    await Promise.all(closers.map((close) => close()));
  });

  it('acknowledges at once, then posts the cause, the key facts and the suspect PR', async () => {
    const answer = responseUrl('/commands/T0TEAM001/77/real');

    const ack = await postSigned(h.url, commandBody(c.url, '/commands/T0TEAM001/77/real'));
    const result = await answer;

    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    expect(JSON.parse(ack.body).text).toContain('Triaging');
    const text = blocksText(result);
    for (const expected of c.expect) expect(text).toContain(expected);
    expect((await store.listTriages())[0]?.report.run.url).toBe(c.url);
  });
});
