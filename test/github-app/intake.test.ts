import { createIntake } from '../../src/github-app/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import {
  CSI_BUILD,
  CSI_HEAD,
  CSI_JOB,
  CSI_REPO,
  checkRunPayload,
  issueCommentPayload,
  prowView,
  statusPayload,
  triageRunPayload,
  workflowRunPayload,
} from '../fixtures/webhooks/payloads.ts';

const NOW = Date.parse('2025-02-11T02:00:00Z');

describe('webhook intake', () => {
  let store: SqliteStore;
  let wakes: number;
  let intake: ReturnType<typeof createIntake>;

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
    wakes = 0;
    intake = createIntake({
      store,
      settings: { prowUrls: ['https://prow.k8s.io'], webUrl: 'https://github.com', maxAttempts: 4 },
      wake: () => wakes++,
      now: () => NOW,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  const queued = async () =>
    (await store.listJobs()).map((j) => ({
      kind: j.kind,
      payload: j.payload as Record<string, unknown>,
      maxAttempts: j.maxAttempts,
    }));

  describe('status', () => {
    it('queues a triage of a failed Prow job, naming the job after the context', async () => {
      const result = await intake.status('d-1', statusPayload({ state: 'failure' }));

      expect(result).toEqual({ outcome: 'enqueued', reason: 'failure', jobs: 1 });
      expect(wakes).toBe(1);
      expect(await queued()).toEqual([
        {
          kind: 'triage-run',
          maxAttempts: 4,
          payload: triageRunPayload(),
        },
      ]);
    });

    it('treats `error` like `failure`', async () => {
      expect((await intake.status('d-1', statusPayload({ state: 'error' }))).outcome).toBe('enqueued');
    });

    it('ignores a redelivery and a repeated status for the same run', async () => {
      await intake.status('d-1', statusPayload({ state: 'failure' }));

      const redelivered = await intake.status('d-1', statusPayload({ state: 'failure' }));
      const repeated = await intake.status('d-2', statusPayload({ state: 'failure' }));
      const nextBuild = await intake.status(
        'd-3',
        statusPayload({ state: 'failure', targetUrl: prowView(CSI_JOB, '1889120572684636999') }),
      );

      expect(redelivered).toEqual({ outcome: 'duplicate', reason: 'delivery seen before', jobs: 0 });
      expect(repeated).toEqual({ outcome: 'duplicate', reason: 'run already triaged or queued', jobs: 0 });
      expect(nextBuild.outcome).toBe('enqueued');
      expect(await store.listJobs()).toHaveLength(2);
    });

    it.each([
      ['pending statuses', statusPayload({ state: 'pending' }), 'status is pending'],
      [
        'statuses of other CI',
        statusPayload({ state: 'failure', targetUrl: 'https://travis-ci.com/x/builds/1' }),
        'target_url is not a Prow run',
      ],
      ['statuses without a link', statusPayload({ state: 'failure', targetUrl: null }), 'target_url is not a Prow run'],
      [
        'payloads without an installation',
        statusPayload({ state: 'failure', installationId: null }),
        'no installation',
      ],
      ['payloads it cannot read', { ...statusPayload({ state: 'failure' }), sha: 42 }, 'payload not understood (sha)'],
    ])('ignores %s', async (_what, payload, reason) => {
      const result = await intake.status('d-1', payload);

      expect(result.outcome).toBe('ignored');
      expect(result.reason).toContain(reason);
      expect(await store.listJobs()).toEqual([]);
    });

    it('queues a job-passed only when that job is failing on some PR', async () => {
      const green = statusPayload({ state: 'success', updatedAt: '2025-02-11T05:00:00Z' });
      const before = await intake.status('d-1', green);
      await store.savePrJob(CSI_REPO, 369, {
        job: CSI_JOB,
        url: null,
        status: 'failing',
        report: null,
        error: null,
        updatedAt: '2025-02-11T02:00:00Z',
        eventAt: '2025-02-11T02:00:00Z',
      });

      const after = await intake.status('d-2', green);

      expect(before).toEqual({ outcome: 'ignored', reason: 'job is not failing on any PR', jobs: 0 });
      expect(after.outcome).toBe('enqueued');
      expect(await queued()).toEqual([
        {
          kind: 'job-passed',
          maxAttempts: 4,
          payload: {
            installationId: 42,
            repo: CSI_REPO,
            sha: CSI_HEAD,
            prs: null,
            job: CSI_JOB,
            eventAt: '2025-02-11T05:00:00Z',
          },
        },
      ]);
    });
  });

  describe('check_run', () => {
    it('queues a failed or timed-out check run with its PRs', async () => {
      await intake.checkRun('d-1', checkRunPayload({ conclusion: 'failure' }));
      await intake.checkRun('d-2', checkRunPayload({ conclusion: 'timed_out', id: 4243, pulls: [] }));

      expect((await queued()).map((j) => [j.payload.prs, j.payload.trigger])).toEqual([
        [[369], 'check_run'],
        [null, 'check_run'],
      ]);
    });

    it("queues another CI's failed check run by its page on GitHub, to be read from its own output", async () => {
      await intake.checkRun(
        'd-1',
        checkRunPayload({ conclusion: 'failure', detailsUrl: 'https://circleci.com/gh/x/y/1' }),
      );

      expect((await queued()).map((j) => j.payload.url)).toEqual([
        'https://github.com/kubernetes-csi/csi-proxy/runs/4242',
      ]);
    });

    it.each([
      [
        'GitHub Actions check runs (workflow_run covers them)',
        checkRunPayload({ conclusion: 'failure', appSlug: 'github-actions' }),
        'handled through workflow_run',
      ],
      ['neutral conclusions', checkRunPayload({ conclusion: 'neutral' }), 'conclusion neutral'],
      ['other actions', checkRunPayload({ conclusion: 'failure', action: 'rerequested' }), 'check_run rerequested'],
    ])('ignores %s', async (_what, payload, reason) => {
      expect((await intake.checkRun('d-1', payload)).reason).toContain(reason);
    });
  });

  describe('workflow_run', () => {
    it('queues a failed run keyed by workflow name, once per attempt', async () => {
      await intake.workflowRun('d-1', workflowRunPayload({ conclusion: 'failure' }));
      const sameAttempt = await intake.workflowRun('d-2', workflowRunPayload({ conclusion: 'failure' }));
      const rerun = await intake.workflowRun('d-3', workflowRunPayload({ conclusion: 'failure', attempt: 2 }));

      expect(sameAttempt.outcome).toBe('duplicate');
      expect(rerun.outcome).toBe('enqueued');
      expect((await queued())[0]?.payload).toMatchObject({
        repo: 'example/app',
        job: 'CI',
        prs: [12],
        url: 'https://github.com/example/app/actions/runs/13284017051',
        trigger: 'workflow_run',
      });
    });

    it('ignores cancelled runs', async () => {
      expect((await intake.workflowRun('d-1', workflowRunPayload({ conclusion: 'cancelled' }))).reason).toBe(
        'conclusion cancelled',
      );
    });
  });

  describe('issue_comment', () => {
    it('queues /triage and /triage <url> from PR comments', async () => {
      await intake.issueComment('d-1', issueCommentPayload({ body: '/triage' }));
      await intake.issueComment(
        'd-2',
        issueCommentPayload({ body: `Looks odd.\n/triage ${prowView(CSI_JOB, CSI_BUILD)}\nthanks`, commentId: 778 }),
      );

      expect((await queued()).map((j) => j.payload)).toEqual([
        {
          installationId: 42,
          repo: CSI_REPO,
          pr: 369,
          commentId: 777,
          user: 'jsturtevant',
          url: null,
          candidates: [{ name: 'triage', url: null }],
          eventAt: '2025-02-11T03:00:00Z',
        },
        {
          installationId: 42,
          repo: CSI_REPO,
          pr: 369,
          commentId: 778,
          user: 'jsturtevant',
          url: prowView(CSI_JOB, CSI_BUILD),
          candidates: [{ name: 'triage', url: prowView(CSI_JOB, CSI_BUILD) }],
          eventAt: '2025-02-11T03:00:00Z',
        },
      ]);
    });

    // Prow's label plugin owns `/triage <label>`; the words are the triage/* labels of kubernetes/test-infra.
    it.each(['accepted', 'needs-information', 'not-reproducible', 'duplicate', 'unresolved', 'support', 'Accepted'])(
      "leaves Prow's /triage %s alone",
      async (word) => {
        const plan = await intake.issueComment('d-1', issueCommentPayload({ body: `/lgtm\n/triage ${word}` }));

        // `/lgtm` alone may be a renamed command of this repository: the processor decides, cheaply.
        expect((await queued()).map((j) => (j.payload.candidates as { name: string }[]).map((c) => c.name))).toEqual([
          ['lgtm'],
        ]);
        expect(plan.jobs).toBe(1);
      },
    );

    it("ignores a comment whose only command is Prow's /triage <label>", async () => {
      const plan = await intake.issueComment('d-1', issueCommentPayload({ body: '/triage accepted\n/kind bug' }));

      expect(plan.reason).toContain('no ci-triage command');
      expect(await queued()).toEqual([]);
    });

    it('takes the command name from CI_TRIAGE_COMMAND', async () => {
      const renamed = createIntake({
        store,
        settings: {
          prowUrls: ['https://prow.k8s.io'],
          webUrl: 'https://github.com',
          maxAttempts: 4,
          command: 'ci-triage',
        },
        wake: () => wakes++,
        now: () => NOW,
      });
      const url = prowView(CSI_JOB, CSI_BUILD);

      await renamed.issueComment('d-9', issueCommentPayload({ body: `/triage\n/ci-triage ${url}` }));

      const [job] = await queued();
      expect(job?.payload.url).toBe(url);
      expect(job?.payload.candidates).toEqual([
        { name: 'triage', url: null },
        { name: 'ci-triage', url },
      ]);
    });

    it.each([
      ['comments without the command', issueCommentPayload({ body: 'please /triage this' }), 'no ci-triage command'],
      ['quoted commands', issueCommentPayload({ body: '> /triage' }), 'no ci-triage command'],
      ['commands with extra words', issueCommentPayload({ body: '/triage now please' }), 'no ci-triage command'],
      ['comments on issues', issueCommentPayload({ body: '/triage', onPullRequest: false }), 'not a pull request'],
      ['bots, including ourselves', issueCommentPayload({ body: '/triage', userType: 'Bot' }), 'by a bot'],
      ['edits', issueCommentPayload({ body: '/triage', action: 'edited' }), 'issue_comment edited'],
    ])('ignores %s', async (_what, payload, reason) => {
      expect((await intake.issueComment('d-1', payload)).reason).toContain(reason);
    });
  });
});
