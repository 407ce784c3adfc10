import nock from 'nock';
import { enqueueTriageAnswer } from '../../../src/slack/jobs/index.ts';
import { RESPONSE_URL_TTL_MS } from '../../../src/slack/jobs/index.ts';
import type { Store } from '../../../src/store/index.ts';
import type { Logger } from '../../../src/logger.ts';
import { BACKENDS } from '../../store/backends.ts';
import { CAPI_URL, chatPostMessage, startSlackHarness } from '../../fixtures/slack/slack-harness.ts';
import type { Harness } from '../../fixtures/slack/slack-harness.ts';
import type { SlackIntegrationOptions } from '../../../handlers/slack/integration.ts';
import { RESPONSE_HOST } from '../../fixtures/slack/slack-requests.ts';
import { capiDriftReport } from '../../render/sample-reports.ts';

// The Slack side's queue jobs on a real store (SQLite; PostgreSQL when a server answers), Slack's Web
// API and response_url answered by nock: retries by the error's code, give-ups logged once, and
// duplicate enqueues posting once.

const SLACK = 'https://slack.com';
const CAPI_REPO = 'kubernetes-sigs/cluster-api';
const incident = (buildId = '1889575453191049217') => ({
  report: { ...capiDriftReport(), run: { ...capiDriftReport().run, buildId } },
  repo: CAPI_REPO,
  triageId: 7,
});

interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

/** Records lines with pino's methods; a child's bindings show in each of its lines' fields, as in pino's output. */
function recordingLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger & { child(): Logger } {
  const at = (level: string) => (fields: object, msg: string) =>
    void lines.push({ level, fields: { ...bindings, ...(fields as Record<string, unknown>) }, msg });
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return {
    ...log,
    child: (more: Record<string, unknown> = {}) => recordingLogger(lines, { ...bindings, ...more }),
  } as Logger & {
    child(): Logger;
  };
}

describe.each(BACKENDS)('Slack jobs on $backend.name', ({ backend, run }) => {
  const maybe = run ? it : it.skip;
  let store: Store;
  let h: Harness;
  let lines: LogLine[];

  beforeEach(async () => {
    if (!run) return;
    store = await backend.open(() => new Date());
    lines = [];
    // The harness takes pino's logger; this one records lines with the same methods.
    h = await startSlackHarness(store, { log: recordingLogger(lines) as unknown as SlackIntegrationOptions['log'] });
  });

  afterEach(async () => {
    if (!run) return;
    await h.close();
    await store.close();
  });

  afterAll(async () => {
    await backend.teardown();
  });

  async function alert(i = incident()): Promise<number> {
    const r = await store.enqueue({ jobs: h.slack.alertJobs(i), now: Date.now() });
    h.worker.wake();
    return r.enqueued.length;
  }

  maybe('retries an alert after a Slack 500 and posts it once', async () => {
    nock(SLACK).post('/api/chat.postMessage').reply(500, 'upstream broke');
    const posts = chatPostMessage(2, ['1739350001.000100', '1739350001.000150']);

    await alert();
    await h.settle();

    const [job] = await store.listJobs({ kind: 'slack-alert' });
    expect([job?.status, job?.attempts]).toEqual(['done', 2]);
    expect(posts.map((p) => [p.channel, p.thread_ts])).toEqual([
      ['C0CAPI001', undefined],
      ['C0CAPI001', '1739350001.000100'],
    ]);
    expect(lines.filter((l) => l.msg === 'job failed, will retry').map((l) => l.fields.err)).toEqual([
      'SlackDeliverError 500: Slack chat.postMessage failed: HTTP 500',
    ]);
  });

  maybe('gives up at once on channel_not_found, with one log line, and releases the claim', async () => {
    nock(SLACK).post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });

    await alert();
    await h.settle();

    const [job] = await store.listJobs({ kind: 'slack-alert' });
    expect([job?.status, job?.attempts]).toEqual(['failed', 1]);
    const gaveUp = lines.filter((l) => l.msg === 'job failed for good');
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.fields).toMatchObject({ kind: 'slack-alert', err: expect.stringContaining('channel_not_found') });
    expect(lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.msg)).toEqual([
      'job failed for good',
    ]);
    // The claim was released: nothing in the store says this run was alerted.
    expect(await store.listAlertThreads()).toEqual([]);
  });

  maybe("waits out a rate limit's Retry-After before trying again", async () => {
    nock(SLACK).post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    const posts = chatPostMessage(2, ['1739350002.000100', '1739350002.000150']);
    const started = Date.now();

    await alert();
    await h.settle();

    expect(posts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const [job] = await store.listJobs({ kind: 'slack-alert' });
    expect([job?.status, job?.attempts]).toEqual(['done', 2]);
  });

  maybe('alerts a run enqueued twice (a redelivery, a re-run, a second instance) once', async () => {
    const posts = chatPostMessage(2, ['1739350003.000100', '1739350003.000150']);
    const second = await startSlackHarness(store, { instanceId: 'second' });

    const counts = await Promise.all([alert(), alertFrom(second)]);
    await Promise.all([h.settle(), second.settle()]);
    await second.close();

    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(posts.map((p) => p.thread_ts)).toEqual([undefined, '1739350003.000100']);
  });

  async function alertFrom(other: Harness): Promise<number> {
    const r = await store.enqueue({ jobs: other.slack.alertJobs(incident()), now: Date.now() });
    other.worker.wake();
    return r.enqueued.length;
  }

  maybe('answers a /triage through response_url, retrying a 503, once even when Slack sends it twice', async () => {
    let answered: Record<string, unknown> | null = null;
    nock(RESPONSE_HOST)
      .post('/commands/T1/1/retry')
      .reply(503, 'busy')
      .post('/commands/T1/1/retry', (b: Record<string, unknown>) => Boolean((answered = b)))
      .reply(200, 'ok');
    const command = {
      text: CAPI_URL,
      channel_id: 'C0CAPI001',
      team_id: 'T1',
      user_id: 'U1',
      response_url: `${RESPONSE_HOST}/commands/T1/1/retry`,
    };
    const queue = { store, wake: () => h.worker.wake(), maxAttempts: 3 };

    await enqueueTriageAnswer(queue, command, recordingLogger(lines));
    await enqueueTriageAnswer(queue, command, recordingLogger(lines));
    await h.settle();

    expect(h.engine.requests).toEqual([{ source: CAPI_URL, suspects: true }]);
    expect(answered).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answered)).toContain('kindest/node:v1.33.0-alpha.1.199_25278540780516');
    expect((await store.listJobs()).map((j) => [j.kind, j.status, j.attempts])).toEqual([
      ['slack-triage-answer', 'done', 1],
      ['slack-response', 'done', 2],
    ]);
    expect(lines.filter((l) => l.msg === 'slash command already queued (a retried request)')).toHaveLength(1);
  });

  maybe('drops an answer whose response_url expired, saying so, without triaging or posting', async () => {
    const queue = { store, wake: () => h.worker.wake(), maxAttempts: 3, now: () => Date.now() - RESPONSE_URL_TTL_MS };
    const command = {
      text: CAPI_URL,
      channel_id: 'C0CAPI001',
      user_id: 'U1',
      response_url: `${RESPONSE_HOST}/commands/T1/2/late`,
    };

    await enqueueTriageAnswer(queue, command, recordingLogger(lines));
    await h.settle();

    expect(h.engine.requests).toEqual([]);
    const [job] = await store.listJobs({ kind: 'slack-triage-answer' });
    expect([job?.status, job?.attempts]).toEqual(['failed', 1]);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain(
      'slash command answer dropped: its response_url expired after 30 minutes',
    );
  });
});
