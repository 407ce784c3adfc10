import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { createJobHandlers } from '../../src/github-app/index.ts';
import type { AppServices } from '../../src/github-app/index.ts';
import { IngestError } from '../../src/ingest/index.ts';
import { createWorker } from '../../src/queue/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import type { Report, TriageRequest } from '../../src/types.ts';
import { CSI_BUILD, CSI_HEAD, CSI_JOB, CSI_REPO, prowView, triageRunPayload } from '../fixtures/webhooks/payloads.ts';
import { testAppServices } from '../helpers/app-services.ts';
import { quotaReport, windowsEmptyEnvReport } from '../render/sample-reports.ts';

const API = 'https://api.github.com';
const R = `/repos/${CSI_REPO}`;
const CONFIG_PATH = `${R}/contents/.github%2Fci-triage.yml`;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const file = (text: string) => ({
  type: 'file',
  size: text.length,
  encoding: 'base64',
  content: Buffer.from(text).toString('base64'),
});

describe('app job handlers', () => {
  let store: SqliteStore;
  let rulesDir: string;
  let requests: TriageRequest[];
  let triage: (req: TriageRequest) => Promise<Report>;

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
    rulesDir = mkdtempSync(join(tmpdir(), 'ci-triage-rules-'));
    requests = [];
    triage = async () => windowsEmptyEnvReport();
  });

  afterEach(async () => {
    await store.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  function services(): AppServices {
    return testAppServices({
      store,
      triageFor: async () => async (req) => {
        requests.push(req);
        return triage(req);
      },
      rulesDir,
      clock: () => new Date('2025-02-11T02:05:00Z'),
      log: quiet,
    });
  }

  async function run(kind: string, payload: object): Promise<void> {
    await store.enqueue({ jobs: [{ kind, payload, maxAttempts: 3 }], now: Date.now() });
    await createWorker({
      store,
      handlers: createJobHandlers(services()),
      concurrency: 1,
      leaseMs: 60_000,
      log: quiet,
    }).drain();
  }

  const triageRun = (over: object = {}) => triageRunPayload(over);
  const kinds = async () => (await store.listJobs()).map((j) => `${j.kind}:${j.status}`);

  describe('triage-run', () => {
    it('triages the run, records it on the open PRs of the commit and asks for a comment sync', async () => {
      nock(API)
        .get(CONFIG_PATH)
        .reply(404)
        .get(`${R}/commits/${CSI_HEAD}/pulls`)
        .query(true)
        .reply(200, [
          { number: 369, state: 'open' },
          { number: 300, state: 'closed' },
        ]);

      await run('triage-run', triageRun());

      expect(requests).toEqual([
        { source: prowView(CSI_JOB, CSI_BUILD), suspects: true, configRepos: [], rulesFiles: [] },
      ]);
      expect((await store.listTriages()).map((t) => [t.repo, t.trigger, t.report.run.buildId])).toEqual([
        [CSI_REPO, 'status', CSI_BUILD],
      ]);
      const pr = await store.loadPrComment(CSI_REPO, 369);
      expect(pr.jobs.map((j) => [j.job, j.status, j.report?.findings[0]?.classifier])).toEqual([
        [CSI_JOB, 'failing', 'empty-env'],
      ]);
      expect(await kinds()).toEqual(['triage-run:done', 'comment-sync:queued']);
    });

    it('does nothing for a repository that disabled the app', async () => {
      nock(API).get(CONFIG_PATH).reply(200, file('enabled: false\n'));

      await run('triage-run', triageRun());

      expect(requests).toEqual([]);
      expect(await kinds()).toEqual(['triage-run:done']);
    });

    it('skips ignored jobs unless the triage was asked for explicitly', async () => {
      nock(API).get(CONFIG_PATH).times(2).reply(200, file('ignore_jobs: ["pull-*-integration"]\n'));

      await run('triage-run', triageRun());
      const skipped = [...requests];
      await run('triage-run', triageRun({ prs: [369], force: true, trigger: 'command' }));

      expect(skipped).toEqual([]);
      expect(requests).toHaveLength(1);
    });

    it('passes config repos and the repository rule files to the engine', async () => {
      const rules = 'rules:\n  - id: my-rule\n';
      nock(API)
        .get(CONFIG_PATH)
        .reply(200, file('config_repos: [example/ci-config]\nrules: [.ci-triage/rules.yml, .ci-triage/gone.yml]\n'))
        .get(`${R}/contents/.ci-triage%2Frules.yml`)
        .reply(200, file(rules))
        .get(`${R}/contents/.ci-triage%2Fgone.yml`)
        .reply(404);

      await run('triage-run', triageRun({ prs: [369] }));

      expect(requests[0]?.configRepos).toEqual(['example/ci-config']);
      expect(requests[0]?.rulesFiles).toHaveLength(1);
      expect(readFileSync(requests[0]!.rulesFiles![0]!, 'utf8')).toBe(rules);
      expect((await store.loadPrComment(CSI_REPO, 369)).configNote).toMatch(
        /rule file `\.ci-triage\/gone\.yml` .* was not found/,
      );
    });

    it('keeps a note for a malformed config and triages with the defaults', async () => {
      nock(API).get(CONFIG_PATH).reply(200, file('ignore_jobs: lint\n'));

      await run('triage-run', triageRun({ prs: [369] }));

      expect(requests).toHaveLength(1);
      expect((await store.loadPrComment(CSI_REPO, 369)).configNote).toMatch(
        /^`\.github\/ci-triage\.yml` was ignored because ignore_jobs must be a list/,
      );
    });

    it('records why a run could not be triaged instead of staying silent', async () => {
      triage = async () => {
        throw new IngestError(
          'not-found',
          `no finished.json under gs://kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/${CSI_JOB}/${CSI_BUILD}`,
        );
      };
      nock(API).get(CONFIG_PATH).reply(404);

      await run('triage-run', triageRun({ prs: [369] }));

      const [entry] = (await store.loadPrComment(CSI_REPO, 369)).jobs;
      expect(entry).toMatchObject({
        job: CSI_JOB,
        status: 'failing',
        report: null,
        error: expect.stringMatching(/^no finished\.json under gs:/),
      });
      expect(await kinds()).toEqual(['triage-run:failed', 'comment-sync:queued']);
    });

    it('leaves a transient failure to the retry', async () => {
      nock(API).get(CONFIG_PATH).reply(503);

      await run('triage-run', triageRun({ prs: [369] }));

      expect(await kinds()).toEqual(['triage-run:queued']);
      expect((await store.loadPrComment(CSI_REPO, 369)).jobs).toEqual([]);
    });
  });

  describe('job-passed', () => {
    it('moves the failing entry to resolved and asks for a comment sync', async () => {
      await store.savePrJob(CSI_REPO, 369, {
        job: CSI_JOB,
        url: null,
        status: 'failing',
        report: quotaReport(),
        error: null,
        updatedAt: '2025-02-11T02:00:00Z',
        eventAt: '2025-02-11T01:59:49Z',
      });
      nock(API)
        .get(`${R}/commits/${CSI_HEAD}/pulls`)
        .query(true)
        .reply(200, [{ number: 369, state: 'open' }]);

      await run('job-passed', {
        installationId: 42,
        repo: CSI_REPO,
        sha: CSI_HEAD,
        prs: null,
        job: CSI_JOB,
        eventAt: '2025-02-11T04:00:00Z',
      });

      expect((await store.loadPrComment(CSI_REPO, 369)).jobs[0]?.status).toBe('resolved');
      expect(await kinds()).toEqual(['job-passed:done', 'comment-sync:queued']);
    });
  });

  describe('triage-command', () => {
    const command = (over: object = {}) => ({
      installationId: 42,
      repo: CSI_REPO,
      pr: 369,
      commentId: 777,
      user: 'jsturtevant',
      url: null,
      eventAt: '2025-02-11T03:00:00Z',
      ...over,
    });
    const permission = (level: string, role = level) =>
      nock(API).get(`${R}/collaborators/jsturtevant/permission`).reply(200, { permission: level, role_name: role });

    it('ignores users without write access, without replying', async () => {
      nock(API).get(CONFIG_PATH).reply(404);
      permission('read', 'triage');

      await run('triage-command', command());

      expect(await kinds()).toEqual(['triage-command:done']);
    });

    it('triages an explicit run link, reacting with eyes', async () => {
      permission('write');
      nock(API)
        .get(CONFIG_PATH)
        .reply(404)
        .post(`${R}/issues/comments/777/reactions`, { content: 'eyes' })
        .reply(201, {});

      await run('triage-command', command({ url: `${prowView(CSI_JOB, CSI_BUILD)}?lens=buildlog` }));

      const queued = await store.listJobs({ kind: 'triage-run' });
      expect(queued.map((j) => j.payload)).toEqual([
        expect.objectContaining({
          prs: [369],
          job: CSI_JOB,
          url: prowView(CSI_JOB, CSI_BUILD),
          force: true,
          trigger: 'command',
          sha: null,
        }),
      ]);
    });

    it('reacts with confused to a link it cannot triage', async () => {
      permission('admin');
      nock(API)
        .get(CONFIG_PATH)
        .reply(404)
        .post(`${R}/issues/comments/777/reactions`, { content: 'confused' })
        .reply(201, {});

      await run('triage-command', command({ url: 'https://ci.example.org/builds/1' }));

      expect(await store.listJobs({ kind: 'triage-run' })).toEqual([]);
    });

    it('answers the command a repository renamed in its config, and only that one', async () => {
      nock(API).get(CONFIG_PATH).reply(200, file('command: /ci-triage\n'));
      permission('write');
      nock(API).post(`${R}/issues/comments/777/reactions`, { content: 'eyes' }).reply(201, {});
      const url = prowView(CSI_JOB, CSI_BUILD);

      await run(
        'triage-command',
        command({
          candidates: [
            { name: 'triage', url: null },
            { name: 'ci-triage', url },
          ],
        }),
      );

      const queued = (await store.listJobs({ kind: 'triage-run' })).map((j) => j.payload as Record<string, unknown>);
      expect(queued.map((p) => [p.url, p.force])).toEqual([[url, true]]);
    });

    it('ignores /triage where the repository renamed the command, asking GitHub nothing more', async () => {
      nock(API).get(CONFIG_PATH).reply(200, file('command: ci-triage\n'));

      await run('triage-command', command({ candidates: [{ name: 'triage', url: null }] }));

      expect(await kinds()).toEqual(['triage-command:done']);
      expect(await store.listJobs({ kind: 'triage-run' })).toEqual([]);
    });

    it('re-analyses every failed Prow status and Actions workflow on the PR head', async () => {
      permission('maintain', 'maintain');
      nock(API)
        .get(CONFIG_PATH)
        .reply(404)
        .get(`${R}/pulls/369`)
        .reply(200, { number: 369, state: 'open', head: { sha: CSI_HEAD } })
        .get(`${R}/commits/${CSI_HEAD}/status`)
        .query(true)
        .reply(200, {
          statuses: [
            { context: CSI_JOB, state: 'failure', target_url: prowView(CSI_JOB, CSI_BUILD) },
            {
              context: 'pull-kubernetes-csi-csi-proxy-unit',
              state: 'success',
              target_url: prowView('pull-kubernetes-csi-csi-proxy-unit', '1'),
            },
            { context: 'EasyCLA', state: 'failure', target_url: 'https://easycla.example/x' },
          ],
        })
        .get(`${R}/commits/${CSI_HEAD}/check-runs`)
        .query(true)
        .reply(200, {
          check_runs: [
            {
              name: 'build (ubuntu)',
              conclusion: 'failure',
              details_url: `https://github.com/${CSI_REPO}/actions/runs/55/job/1`,
              app: { slug: 'github-actions' },
            },
            {
              name: 'build (windows)',
              conclusion: 'timed_out',
              details_url: `https://github.com/${CSI_REPO}/actions/runs/55/job/2`,
              app: { slug: 'github-actions' },
            },
          ],
        })
        .get(`${R}/actions/runs/55`)
        .reply(200, { id: 55, name: 'CI', html_url: `https://github.com/${CSI_REPO}/actions/runs/55` })
        .post(`${R}/issues/comments/777/reactions`, { content: 'eyes' })
        .reply(201, {});

      await run('triage-command', command());

      const queued = (await store.listJobs({ kind: 'triage-run' })).map((j) => j.payload as Record<string, unknown>);
      expect(queued.map((p) => [p.job, p.url, p.force])).toEqual([
        [CSI_JOB, prowView(CSI_JOB, CSI_BUILD), false],
        ['CI', `https://github.com/${CSI_REPO}/actions/runs/55`, false],
      ]);
    });
  });
});
