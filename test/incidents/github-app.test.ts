import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { COMMENT_MARKER } from '../../src/render/github/index.ts';
import { MemoryPrCache } from '../../src/suspects/index.ts';
import { triage } from '../../src/triage.ts';
import type { TriageDeps } from '../../src/triage.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import { makeTestOctokit, startGithubFake } from '../helpers/github-fake.ts';
import type { GithubExport } from '../helpers/github-fake.ts';
import { CSI_JOB, prowView, signBody, statusPayload } from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';
import { nockCommentFlow } from '../fixtures/webhooks/github-api.ts';
import { SHARED } from './expected.ts';

// The GitHub App with the REAL engine: signed webhooks on loopback; the runs served over HTTP from a
// loopback GCS holding the incidents' trees; suspect PRs from a loopback GitHub serving the PRs really
// merged in each window; the app's own GitHub calls (token, PR lookup, comment) answered by nock.

const SECRET = 'incident-webhook-secret';
const CAPI_JOB = 'periodic-cluster-api-e2e-latestk8s-main';
const CAPI_URL = `https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/${CAPI_JOB}/1889575453191049217`;
const exportOf = (incident: string, file: string) =>
  JSON.parse(readFileSync(join(SHARED, incident, 'github', file), 'utf8')) as GithubExport;
const empty = (repo: string): GithubExport => ({ repo, branch: 'master', pulls: [], files: {} });

async function engineFor(
  incident: string,
  exports: GithubExport[],
  closers: (() => Promise<void>)[],
): Promise<TriageDeps> {
  const gcs = await startGcsServer({ root: join(SHARED, incident, 'gcs') });
  const github = await startGithubFake(exports);
  closers.push(
    () => gcs.close(),
    () => github.close(),
  );
  return {
    sources: { gcsUrl: gcs.url, prowUrl: 'https://prow.k8s.io' },
    catalog: await loadRuleCatalog([]),
    suspects: {
      octokit: makeTestOctokit(github.baseUrl),
      cache: new MemoryPrCache(),
      configRepos: ['kubernetes/test-infra'],
    },
  };
}

describe('GitHub App on the two incidents, real engine', () => {
  const closers: (() => Promise<void>)[] = [];
  let dir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-incident-app-'));
    const windows = await engineFor(
      'windows-empty-node-binary-url',
      [exportOf('windows-empty-node-binary-url', 'kubernetes__test-infra.json'), empty('kubernetes-csi/csi-proxy')],
      closers,
    );
    const capi = await engineFor(
      'capi-kind-version-drift',
      [
        exportOf('capi-kind-version-drift', 'kubernetes__test-infra.json'),
        exportOf('capi-kind-version-drift', 'kubernetes-sigs__cluster-api.json'),
        empty('kubernetes/kubernetes'),
      ],
      closers,
    );
    app = await startApp(testAppConfig(dir, SECRET), {
      ...testAppOptions(dir),
      createTriageProvider: async () => async () => (req) =>
        triage(req, req.source.includes(CAPI_JOB) ? capi : windows),
    });
  });

  afterAll(async () => {
    await app.close();
    await Promise.all(closers.map((c) => c()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(id: string, payload: object): Promise<number> {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'status',
      'x-github-delivery': id,
      'x-hub-signature-256': signBody(SECRET, body),
    };
    return (await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers, body })).status;
  }

  it('comments the root cause and suspect of each incident, then edits the same comment as jobs fail and pass', async () => {
    const { posted, patched } = nockCommentFlow({ lookups: 3, edits: 2, commentId: 5001 });

    const answers = [
      await post(
        'd-1',
        statusPayload({ state: 'failure', context: CSI_JOB, targetUrl: prowView(CSI_JOB, '1889120572684636160') }),
      ),
    ];
    await app.worker.drain();
    answers.push(
      await post(
        'd-2',
        statusPayload({ state: 'failure', context: CAPI_JOB, targetUrl: CAPI_URL, updatedAt: '2025-02-12T09:28:07Z' }),
      ),
    );
    await app.worker.drain();
    answers.push(
      await post(
        'd-3',
        statusPayload({
          state: 'success',
          context: CSI_JOB,
          targetUrl: prowView(CSI_JOB, '1889999999999999999'),
          updatedAt: '2025-02-13T00:00:00Z',
        }),
      ),
    );
    await app.worker.drain();

    expect(answers).toEqual([200, 200, 200]);
    expect(posted).toHaveLength(1);
    const created = posted[0]!;
    expect(created.startsWith(COMMENT_MARKER)).toBe(true);
    expect(created).toContain(CSI_JOB);
    expect(created).toContain('NODE_BINARY_TAR_URL');
    expect(created).toContain('KUBERNETES_NODE_PLATFORM');
    expect(created).toContain('https://github.com/kubernetes/test-infra/pull/34103');
    // Verdict first: the job, broken, the short cause, the culprit, the PR head commit and /test, before any details.
    const firstScreen = created.slice(0, created.indexOf('<details>'));
    expect(firstScreen).toMatch(
      /❌ \*\*\[pull-kubernetes-csi-csi-proxy-integration\]\([^)]+\)\*\* · \*\*broken\*\* · `NODE_BINARY_TAR_URL` was empty/,
    );
    expect(firstScreen).toContain(
      '**Likely culprit:** [kubernetes/test-infra#34103](https://github.com/kubernetes/test-infra/pull/34103)',
    );
    expect(firstScreen).toMatch(/as of `[0-9a-f]{7}` · .* · rerun: `\/test pull-kubernetes-csi-csi-proxy-integration`/);
    const [both, resolved] = patched;
    expect(both).toContain(CAPI_JOB);
    expect(both).toContain('kindest/node:v1.33.0-alpha.1.199_25278540780516');
    expect(both).toContain('https://github.com/kubernetes-sigs/cluster-api/pull/11784');
    const rows = both!.split('\n').filter((l) => l.startsWith('| ['));
    const capiRow = rows.find((r) => r.startsWith(`| [${CAPI_JOB}]`));
    const csiRow = rows.find((r) => r.startsWith(`| [${CSI_JOB}]`));
    expect([csiRow?.split(' | ')[1], capiRow?.split(' | ')[1]]).toEqual(['**broken**', '**flaky**']);
    expect(capiRow).toContain(
      '[kubernetes-sigs/cluster-api#11784](https://github.com/kubernetes-sigs/cluster-api/pull/11784)',
    );
    expect(both).toContain('NODE_BINARY_TAR_URL');
    const resolvedPart = resolved!.slice(resolved!.indexOf('Resolved (1)'));
    expect(resolvedPart).toContain(CSI_JOB);
    expect(resolvedPart).not.toContain(CAPI_JOB);
    const stored = await app.store.listTriages({});
    expect(stored.map((t) => t.report.findings[0]?.classifier).sort()).toEqual(['empty-env', 'image-pull-manifest']);
  });
});
