import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import nock from 'nock';
import { pino } from 'pino';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { loadAppConfig } from '../../src/config/index.ts';
import { loadSlackConfig, parseSlackRoutes } from '../../src/slack/index.ts';
import { OPEN_RUN_ACTION_ID, parseWrongCauseValue, WRONG_CAUSE_ACTION_ID } from '../../src/render/index.ts';
import { layoutChart } from '../../src/render/digest/index.ts';
import { buildDigest } from '../../src/digest/index.ts';
import { CSI_BUILD, CSI_JOB, prowView, signBody, statusPayload } from '../fixtures/webhooks/payloads.ts';
import {
  blocksText,
  CAPI_URL,
  ROUTES,
  chatPostMessage,
  DOWN_URL,
  responseUrl,
  slackConfig,
  startSlackHarness,
} from '../fixtures/slack/slack-harness.ts';
import type { Harness } from '../fixtures/slack/slack-harness.ts';
import { buttonBody, commandBody, postSigned, sign, SIGNING_SECRET } from '../fixtures/slack/slack-requests.ts';
import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { Incident } from '../../src/slack/alerts/index.ts';
import { seedWeek } from '../fixtures/slack/week-of-incidents.ts';
import { capiDriftReport, windowsEmptyEnvReport } from '../render/sample-reports.ts';

// Slack end to end: signed requests over loopback HTTP to the same server the GitHub webhooks use,
// Slack's Web API and response_url answered by nock, a real SQLite store on disk.

describe('Slack end to end', () => {
  let dir: string;
  let store: SlackTestStore;
  let h: Harness;

  /** What a saved triage does: enqueue its slack-alert jobs; then the worker runs them. */
  async function alert(harness: Harness, incident: Incident): Promise<number> {
    const r = await store.enqueue({ jobs: harness.slack.alertJobs(incident), now: Date.now() });
    await harness.settle();
    return r.enqueued.length;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-slack-'));
    store = openSlackTestStore(join(dir, 'store.db'));
    h = await startSlackHarness(store);
  });

  afterEach(async () => {
    await h.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('/triage', () => {
    it('acknowledges the CAPI run at once, then posts its cause, facts and suspects to response_url', async () => {
      const answer = responseUrl('/commands/T0TEAM001/1/capi');
      let answered = false;
      void answer.then(() => (answered = true));

      const ack = await postSigned(h.url, commandBody(CAPI_URL, '/commands/T0TEAM001/1/capi'));
      const answeredBeforeAck = answered;
      const result = await answer;

      expect(ack.status).toBe(200);
      // The acknowledgement is the HTTP response itself, back before the (300 ms) triage finishes.
      expect(answeredBeforeAck).toBe(false);
      expect(ack.ms).toBeLessThan(3000);
      expect(JSON.parse(ack.body)).toMatchObject({
        response_type: 'ephemeral',
        text: ':hourglass_flowing_sand: Triaging periodic-cluster-api-e2e-latestk8s-main #1889575453191049217…',
      });
      expect(result).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      const text = blocksText(result);
      expect(text).toContain('Pulling kindest/node:v1.33.0-alpha.1.199_25278540780516 failed');
      expect(text).toContain('v1.33.0-alpha.1.122+c81431de59a3bf');
      expect(text).toContain('<https://github.com/example-org/widget/pull/502|example-org/widget#502>');
      expect(h.engine.requests).toEqual([{ source: CAPI_URL, suspects: true }]);
      // The work was a queue job; the answer a job of its own.
      await h.settle();
      expect((await store.listJobs()).map((j) => [j.kind, j.status])).toEqual([
        ['slack-triage-answer', 'done'],
        ['slack-response', 'done'],
      ]);
      const [saved] = await store.listTriages();
      expect(saved).toMatchObject({ trigger: 'slack', report: { run: { buildId: '1889575453191049217' } } });
      expect(text).toContain(`\\"t\\":\\"${saved?.id}\\"`);
    });

    it('triages the failed jobs of a PR and posts the Windows incident in the channel when asked', async () => {
      const answer = responseUrl('/commands/T0TEAM001/2/win');

      const ack = await postSigned(
        h.url,
        commandBody('kubernetes-csi/csi-proxy#369 --channel', '/commands/T0TEAM001/2/win'),
      );
      const result = await answer;

      expect(JSON.parse(ack.body).text).toContain('Triaging the failed jobs of kubernetes-csi/csi-proxy#369');
      expect(result.response_type).toBe('in_channel');
      const text = blocksText(result);
      expect(text).toContain('NODE_BINARY_TAR_URL');
      expect(text).toContain('KUBERNETES_NODE_PLATFORM');
      expect(text).toContain('kubernetes/test-infra#34103');
      expect((await store.listTriages())[0]?.repo).toBe('kubernetes-csi/csi-proxy');
    });

    it.each([
      ['a job without a red run', 'ci-kubernetes-green', 'No failed run found for job ci-kubernetes-green'],
      [
        'a run that does not exist',
        'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/ci-gone/1',
        'Run not found: ci-gone #1',
      ],
      ['storage that is down', DOWN_URL, 'The CI storage or API is not answering right now'],
      ['a PR without failures', 'kubernetes/kubernetes#1', 'No failed jobs on kubernetes/kubernetes#1'],
    ])('answers %s with a clear line', async (_what, arg, line) => {
      const answer = responseUrl('/commands/T0TEAM001/3/err');

      await postSigned(h.url, commandBody(arg, '/commands/T0TEAM001/3/err'));

      expect(String((await answer).text)).toContain(line);
    });

    it('answers usage and bad arguments inside the acknowledgement, with no follow-up', async () => {
      const help = await postSigned(h.url, commandBody('help', '/commands/T0TEAM001/4/none'));
      const bad = await postSigned(h.url, commandBody('two words', '/commands/T0TEAM001/4/none'));

      expect(JSON.parse(help.body).text).toContain('/triage digest [24h|7d]');
      expect(JSON.parse(bad.body).text).toContain('one run, PR or job at a time');
      expect(h.engine.requests).toEqual([]);
    });

    it('rejects forged and replayed requests with 401 and does nothing', async () => {
      const body = commandBody(CAPI_URL, '/commands/T0TEAM001/5/x');
      const old = Math.floor(Date.now() / 1000) - 6 * 60;

      const forged = await postSigned(h.url, body, { secret: 'not-the-secret' });
      const stale = await postSigned(h.url, body, { timestamp: old, signature: sign(body, old) });
      const unsigned = await fetch(h.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const otherPath = await postSigned(`${h.server.url}/slack/other`, body);

      expect([forged.status, stale.status, unsigned.status, otherPath.status]).toEqual([401, 401, 401, 404]);
      await new Promise((r) => setTimeout(r, 100));
      expect(h.engine.requests).toEqual([]);
    });
  });

  describe('"Wrong cause?"', () => {
    it('records who doubted which finding of which triage, and thanks them', async () => {
      const triageId = await store.saveTriage({
        repo: 'kubernetes-sigs/cluster-api',
        trigger: 'slack',
        report: capiDriftReport(),
      });
      const value = `{"t":"${triageId}","f":"image-pull-manifest|kindest/node:<version>|manifest unknown|kind_provider.go:196","c":"image-pull-manifest"}`;
      const thanks = responseUrl('/actions/T0TEAM001/6/click');

      const ack = await postSigned(h.url, buttonBody(WRONG_CAUSE_ACTION_ID, value, '/actions/T0TEAM001/6/click'));

      expect(ack.status).toBe(200);
      expect(await thanks).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringContaining('Thanks <@U0BOB0001>'),
      });
      expect(await store.listWrongCause()).toEqual([
        expect.objectContaining({
          triageId,
          userId: 'U0BOB0001',
          userName: 'bob',
          classifier: 'image-pull-manifest',
          channelId: 'C0CIWIN01',
          job: 'periodic-cluster-api-e2e-latestk8s-main',
          createdAt: expect.any(String),
        }),
      ]);
      expect(parseWrongCauseValue(value)?.f).toBe((await store.listWrongCause())[0]?.fingerprint);
    });

    it('acknowledges the link buttons without answering, and refuses a button value that is not ours', async () => {
      const refused = responseUrl('/actions/T0TEAM001/7/bad');

      const open = await postSigned(h.url, buttonBody(OPEN_RUN_ACTION_ID, '', '/actions/T0TEAM001/7/open'));
      const bad = await postSigned(h.url, buttonBody(WRONG_CAUSE_ACTION_ID, '<!channel>', '/actions/T0TEAM001/7/bad'));

      expect([open.status, open.body, bad.status]).toEqual([200, '', 200]);
      expect((await refused).text).toBe(
        ':warning: This button does not carry a finding this app knows; nothing was recorded.',
      );
      expect(await store.listWrongCause()).toEqual([]);
    });
  });

  describe('alerts', () => {
    it('posts the first failure with its details in the thread once, then one line per later run, also after a restart', async () => {
      const posts = chatPostMessage(4, [
        '1739350001.000100',
        '1739350001.000150',
        '1739350002.000200',
        '1739350003.000300',
      ]);
      const run = (buildId: string) => ({ ...capiDriftReport(), run: { ...capiDriftReport().run, buildId } });

      const first = await alert(h, {
        report: run('1889575453191049217'),
        repo: 'kubernetes-sigs/cluster-api',
        triageId: 1,
      });
      const second = await alert(h, {
        report: run('1889600000000000001'),
        repo: 'kubernetes-sigs/cluster-api',
        triageId: 2,
      });
      await h.close();
      await store.close();
      store = openSlackTestStore(join(dir, 'store.db'));
      h = await startSlackHarness(store, { instanceId: 'restarted' });
      const third = await alert(h, {
        report: run('1889700000000000002'),
        repo: 'kubernetes-sigs/cluster-api',
        triageId: 3,
      });
      const replayed = await alert(h, {
        report: run('1889700000000000002'),
        repo: 'kubernetes-sigs/cluster-api',
        triageId: 3,
      });

      // One slack-alert job per run and channel; the replayed run enqueues none.
      expect([first, second, third, replayed]).toEqual([1, 1, 1, 0]);
      expect((await store.listJobs({ kind: 'slack-alert' })).map((j) => j.status)).toEqual(['done', 'done', 'done']);
      expect(posts.map((p) => [p.channel, p.thread_ts])).toEqual([
        ['C0CAPI001', undefined],
        ['C0CAPI001', '1739350001.000100'],
        ['C0CAPI001', '1739350001.000100'],
        ['C0CAPI001', '1739350001.000100'],
      ]);
      // The notification names job, cause and suspect; the alert's top block is the verdict line.
      expect(posts[0]?.text).toBe(
        'periodic-cluster-api-e2e-latestk8s-main #1889575453191049217 flaky: image kindest/node:v1.33.0-alpha.1.199_25278540780516 not found (the job built v1.33.0-alpha.1.122+c81431de59a3bf); likely culprit example-org/widget#502',
      );
      const top = (JSON.parse(posts[0]?.blocks ?? '[]') as { text?: { text: string } }[])[0]?.text?.text ?? '';
      expect(top).toMatch(
        /^❌ \*<https:\/\/prow\.k8s\.io\/[^|]+\|periodic-cluster-api-e2e-latestk8s-main>\* · \*flaky\* · image `kindest\/node:/,
      );
      expect(top).toContain(
        '*Likely culprit:* <https://github.com/example-org/widget/pull/502|example-org/widget#502>',
      );
      expect(blocksText(posts[0] ?? {})).toMatch(/"Open run".*"Open suspect PR".*"Wrong cause\?"/);
      // The details go in the thread once; later runs are one line each.
      expect(posts.filter((p) => blocksText(p).includes('*Cause:*'))).toEqual([posts[1]]);
      expect(posts[2]?.text).toMatch(/^↻ again in <https:\/\/prow\.k8s\.io\/[^|]+\|#1889600000000000001>, same cause$/);
      expect(posts[3]?.text).toMatch(/\|#1889700000000000002>, same cause$/);
      expect(posts[3]?.text?.length).toBeLessThan(200);
    });

    it('routes the Windows incident to its own channel only', async () => {
      const posts = chatPostMessage(2, ['1739350009.000900', '1739350009.000950']);

      await alert(h, { report: windowsEmptyEnvReport(), repo: 'kubernetes-csi/csi-proxy', triageId: null });

      expect(posts.map((p) => [p.channel, p.thread_ts])).toEqual([
        ['C0CIWIN01', undefined],
        ['C0CIWIN01', '1739350009.000900'],
      ]);
    });
  });

  describe('scheduled digest', () => {
    it('posts nothing for a scope without failures, unless its route asks for quiet digests too', async () => {
      let now = new Date();
      const seeded = openSlackTestStore(join(dir, 'store.db'), () => now);
      await seedWeek(seeded, (iso) => {
        now = new Date(iso);
      });
      await seeded.close();
      const routes = parseSlackRoutes(`
- channel: C0QUIET01
  jobs: ["ci-never-fails-*"]
- channel: C0QUIET02
  jobs: ["ci-never-fails-*"]
  digest_when_empty: true
`);
      const quiet = await startSlackHarness(store, { config: slackConfig({ routes }), instanceId: 'quiet' });
      const posts = chatPostMessage(1, ['1739350100.000100']);

      await h.close();
      const enqueued = await quiet.slack.tickDigests(new Date('2025-02-12T09:00:00.250Z'));
      await quiet.settle();
      await quiet.close();

      expect(enqueued).toBe(2);
      expect(posts.map((p) => p.channel)).toEqual(['C0QUIET02']);
      expect(blocksText(posts[0] ?? {})).toContain('0 failures');
      expect((await store.listDigestRuns()).map((r) => r.scope)).toEqual(['channel:C0QUIET02|7d']);
    });

    it('posts each channel its week with the chart uploaded, once, even when a second instance ticks too', async () => {
      let now = new Date();
      const seeded = openSlackTestStore(join(dir, 'store.db'), () => now);
      await seedWeek(seeded, (iso) => {
        now = new Date(iso);
      });
      await seeded.close();
      // The two instances' workers upload at the same time: each upload is followed by its file id.
      const uploads: { channel: string; png: Buffer; blocks: string }[] = [];
      const pngs = new Map<string, Buffer>();
      let issued = 0;
      nock('https://slack.com')
        .post(
          '/api/files.getUploadURLExternal',
          (b: Record<string, string>) => b.filename === 'ci-digest-2025-02-12.png',
        )
        .times(3)
        .reply(200, () => {
          issued += 1;
          return {
            ok: true,
            upload_url: `https://files.slack.com/upload/v1/F0CHART0${issued}`,
            file_id: `F0CHART0${issued}`,
          };
        })
        .post('/api/files.completeUploadExternal', (b: Record<string, string>) => {
          // nock may try this matcher on the other calls' bodies too.
          if (b.channel_id === undefined) return false;
          const [file] = JSON.parse(b.files ?? '[]') as { id: string }[];
          uploads.push({
            channel: b.channel_id ?? '',
            png: pngs.get(file?.id ?? '') as Buffer,
            blocks: b.blocks ?? '',
          });
          return true;
        })
        .times(3)
        .reply(200, { ok: true, files: [{ id: 'F0CHART01' }] });
      for (const id of ['F0CHART01', 'F0CHART02', 'F0CHART03'])
        nock('https://files.slack.com')
          .post(`/upload/v1/${id}`, (b: string) => Boolean(pngs.set(id, Buffer.from(b, 'hex'))))
          .reply(200, 'OK');
      const tick = new Date('2025-02-12T09:00:00.250Z');

      const second = await startSlackHarness(store, { instanceId: 'second' });
      // Both instances tick in the same minute, a few ms apart: one digest-post job per channel.
      const [enqueued, again] = await Promise.all([
        h.slack.tickDigests(tick),
        second.slack.tickDigests(new Date(tick.getTime() + 180)),
      ]);
      await Promise.all([h.settle(), second.settle()]);
      await second.close();
      uploads.sort((x, y) => x.channel.localeCompare(y.channel));

      expect(enqueued + again).toBe(3);
      expect((await store.listJobs({ kind: 'digest-post' })).map((j) => j.status)).toEqual(['done', 'done', 'done']);
      expect(uploads.map((u) => u.channel)).toEqual(['C0CAPI001', 'C0CIWIN01', 'C0KUBE001']);
      const all = uploads[2] as (typeof uploads)[number];
      expect(all.blocks).toContain('11 failures (+7 vs 4) in 5 jobs (+2); 5 causes: 1 new, 4 recurring');
      expect(uploads[1]?.blocks).toContain('3 failures (+2 vs 1) in 1 job (±0)');
      expect(all.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const img = await loadImage(all.png);
      expect([img.width, img.height]).toEqual([800, 420]);
      const canvas = createCanvas(img.width, img.height);
      canvas.getContext('2d').drawImage(img, 0, 0);
      const series = buildDigest({
        scope: { key: 'k', label: 'l' },
        period: { start: '2025-02-05T09:00:00.000Z', end: '2025-02-12T09:00:00.000Z' },
        triages: await store.listTriages(),
        firstSeen: {},
        feedback: [],
      }).series;
      for (const s of layoutChart(series, { width: 800, height: 420 }).segments) {
        const [r, g, b] = canvas
          .getContext('2d')
          .getImageData(Math.round(s.x + s.w / 2), Math.round(s.y + s.h / 2), 1, 1).data;
        expect(`#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`.toUpperCase()).toBe(s.color);
      }
      expect((await store.listDigestRuns()).map((r) => [r.scope, r.periodStart, r.status, r.owner])).toEqual([
        ['channel:C0CAPI001|7d', '2025-02-05T09:00:00.000Z', 'posted', expect.stringMatching(/^job:\d+$/)],
        ['channel:C0CIWIN01|7d', '2025-02-05T09:00:00.000Z', 'posted', expect.stringMatching(/^job:\d+$/)],
        ['channel:C0KUBE001|7d', '2025-02-05T09:00:00.000Z', 'posted', expect.stringMatching(/^job:\d+$/)],
      ]);
    });
  });
});

describe('Slack beside the GitHub App, one server and port', () => {
  let dir: string;
  let app: RunningApp;
  const engineCalls: { installationId: number; repo: string; source: string }[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-both-'));
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const env = {
      APP_ID: '1',
      PRIVATE_KEY: pem,
      WEBHOOK_SECRET: 'gh-secret',
      CI_TRIAGE_DB: join(dir, 'app.db'),
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const slack = loadSlackConfig({
      ...env,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_ID: 'B0BOT0001',
      SLACK_BOT_USER_ID: 'U0BOT0001',
      SLACK_DIGEST_ENABLED: 'false',
      SLACK_ROUTES: ROUTES,
    });
    const fakeProvider =
      async () => async (scope: { installationId: number; repo: string }) => async (req: { source: string }) => {
        engineCalls.push({ ...scope, source: req.source });
        return req.source.includes('csi-proxy') ? windowsEmptyEnvReport() : capiDriftReport();
      };
    app = await startApp(loadAppConfig(env), {
      log: pino({ level: 'silent' }),
      rulesDir: join(dir, 'rules'),
      createTriageProvider: fakeProvider,
      slack,
    });
  });

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers Slack on /slack/events and GitHub on its webhook path of the same server', async () => {
    nock('https://api.github.com').get('/repos/kubernetes/test-infra/installation').reply(200, { id: 42 });
    const answer = responseUrl('/commands/T0TEAM001/9/both');

    const ack = await postSigned(`${app.url}/slack/events`, commandBody(CAPI_URL, '/commands/T0TEAM001/9/both'));
    const result = await answer;
    const github = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd1' },
      body: '{}',
    });
    const forged = await postSigned(`${app.url}/slack/events`, commandBody(CAPI_URL, '/x'), { secret: 'wrong' });

    expect(ack.status).toBe(200);
    expect(blocksText(result)).toContain('Pulling kindest/node:v1.33.0-alpha.1.199_25278540780516 failed');
    // The run names no repository, so the engine runs as the installation on the first config repo.
    expect(engineCalls).toEqual([{ installationId: 42, repo: 'kubernetes/test-infra', source: CAPI_URL }]);
    expect(github.status).toBe(400);
    expect(forged.status).toBe(401);
  });

  it('alerts the routed channel once when the App triages a failed status', async () => {
    const sha = '88f35421b1c1a5d3bd1e0d0e7c6f4a6f4b6c2d11';
    const R = '/repos/kubernetes-csi/csi-proxy';
    nock('https://api.github.com')
      .post('/app/installations/42/access_tokens')
      .reply(201, { token: 'ghs_x', expires_at: '2099-01-01T00:00:00Z' })
      .get(`${R}/contents/.github%2Fci-triage.yml`)
      .reply(404)
      .get(`${R}/commits/${sha}/pulls`)
      .query(true)
      .reply(200, [{ number: 369, state: 'open' }])
      .get(`${R}/issues/369/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/369/comments`)
      .reply(201, { id: 7 });
    const posted = chatPostMessage(2, ['1739236425.000100', '1739236425.000200']);
    const payload = statusPayload({ state: 'failure', context: CSI_JOB, targetUrl: prowView(CSI_JOB, CSI_BUILD) });
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'status',
      'x-github-delivery': 'd-alert',
      'x-hub-signature-256': signBody('gh-secret', body),
    };

    const answer = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers, body });
    await app.worker.drain();

    expect(answer.status).toBe(200);
    expect(posted.map((p) => [p.channel, p.thread_ts])).toEqual([
      ['C0CIWIN01', undefined],
      ['C0CIWIN01', '1739236425.000100'],
    ]);
    expect(blocksText(posted[0]!)).toContain('NODE_BINARY_TAR_URL');
    expect(posted[0]?.text).toContain('kubernetes/test-infra#34103');
  });
});
