import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import nock from 'nock';
import { createSlackReporter, SlackDeliverError } from '../../../src/deliver/slack/index.ts';
import type { SlackApi } from '../../../src/deliver/slack/index.ts';
import { quietLogger } from '../../../src/logger.ts';
import { isTransient } from '../../../src/queue/index.ts';

// The reporter against Slack's Web API (a real WebClient, answered by nock).

const message = { text: 'digest', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*11 failures*' } }] };
const silent = quietLogger;

function client(): SlackApi {
  return new webApi.WebClient('xoxb-test-token', {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  }) as unknown as SlackApi;
}

/** nock hands form bodies to matchers already parsed. */
function form(body: unknown): Record<string, string> {
  return typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
}

describe('Slack reporter', () => {
  it('posts a message and returns its ts; replies go in the thread', async () => {
    const seen: Record<string, string>[] = [];
    nock('https://slack.com')
      .post('/api/chat.postMessage', (b) => Boolean(seen.push(form(b))))
      .times(2)
      .reply(200, { ok: true, channel: 'C1', ts: '1739350000.000100' });
    const reporter = createSlackReporter({ api: client(), log: silent });

    const ts = await reporter.post('C1', message);
    await reporter.post('C1', message, ts);

    expect(ts).toBe('1739350000.000100');
    expect(seen[0]).toMatchObject({ channel: 'C1', text: 'digest', unfurl_links: 'false' });
    expect(JSON.parse(seen[0]?.blocks ?? '[]')).toEqual(message.blocks);
    expect(seen[0]?.thread_ts).toBeUndefined();
    expect(seen[1]?.thread_ts).toBe('1739350000.000100');
  });

  // nock hands binary bodies to matchers as hex (PNG bytes are never valid JSON, so they stay a string).
  it('uploads a file the current way: upload URL, raw bytes, then complete into the channel with the blocks', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    let asked: Record<string, string> = {};
    let uploaded: Buffer | null = null;
    let completed: Record<string, string> = {};
    nock('https://slack.com')
      .post('/api/files.getUploadURLExternal', (b) => Boolean((asked = form(b))))
      .reply(200, { ok: true, upload_url: 'https://files.slack.com/upload/v1/ABC123', file_id: 'F0CHART01' })
      .post('/api/files.completeUploadExternal', (b) => Boolean((completed = form(b))))
      .reply(200, { ok: true, files: [{ id: 'F0CHART01' }] });
    nock('https://files.slack.com')
      .post('/upload/v1/ABC123', (b) => typeof b === 'string' && Boolean((uploaded = Buffer.from(b, 'hex'))))
      .reply(200, 'OK - 11');
    const reporter = createSlackReporter({ api: client(), log: silent });

    const fileId = await reporter.postWithFile('C0KUBE001', message, {
      bytes,
      filename: 'chart.png',
      title: 'Failures per day',
      altText: 'Bar chart',
    });

    expect(fileId).toBe('F0CHART01');
    expect(asked).toMatchObject({ filename: 'chart.png', length: '11', alt_text: 'Bar chart' });
    expect(uploaded).toEqual(bytes);
    expect(completed.channel_id).toBe('C0KUBE001');
    expect(JSON.parse(completed.files ?? '[]')).toEqual([{ id: 'F0CHART01', title: 'Failures per day' }]);
    expect(JSON.parse(completed.blocks ?? '[]')).toEqual(message.blocks);
  });

  it('names the failed call and says whether retrying can help', async () => {
    nock('https://slack.com').post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });
    nock('https://slack.com')
      .post('/api/files.getUploadURLExternal')
      .reply(200, { ok: true, upload_url: 'https://files.slack.com/upload/v1/X', file_id: 'F1' });
    nock('https://files.slack.com').post('/upload/v1/X').reply(503, 'busy');
    const reporter = createSlackReporter({ api: client(), log: silent });

    const posted = reporter.post('C404', message).catch((e: unknown) => e);
    const upload = reporter
      .postWithFile('C1', message, { bytes: Buffer.from('x'), filename: 'c.png', title: 't', altText: 'a' })
      .catch((e: unknown) => e);

    const [postErr, uploadErr] = (await Promise.all([posted, upload])) as SlackDeliverError[];
    expect(postErr).toBeInstanceOf(SlackDeliverError);
    expect(postErr?.message).toBe('Slack chat.postMessage failed: channel_not_found');
    expect(postErr?.permanent).toBe(true);
    expect(uploadErr?.message).toBe('uploading c.png to Slack failed: HTTP 503');
    expect(uploadErr?.permanent).toBe(false);
  });

  it('posts nothing in dry-run mode and logs what it would have posted', async () => {
    const logged: object[] = [];
    const reporter = createSlackReporter({
      api: client(),
      dryRun: true,
      log: { ...quietLogger, info: (o) => void logged.push(o) },
    });

    const ts = await reporter.post('C1', message);
    const fileId = await reporter.postWithFile('C1', message, {
      bytes: Buffer.from('png'),
      filename: 'c.png',
      title: 't',
      altText: 'a',
    });

    expect([ts, fileId]).toEqual(['dry-run', 'dry-run']);
    expect(logged).toEqual([
      expect.objectContaining({ channel: 'C1', text: 'digest' }),
      expect.objectContaining({ file: 'c.png', bytes: 3 }),
    ]);
  });
});

describe('Slack errors for the queue', () => {
  const post = async (reply: (scope: nock.Interceptor) => nock.Scope) => {
    reply(nock('https://slack.com').post('/api/chat.postMessage'));
    const reporter = createSlackReporter({ api: client(), log: silent });
    return (await reporter.post('C1', message).catch((e: unknown) => e)) as SlackDeliverError;
  };

  it('says how long a rate limit wants, and that it is worth waiting for', async () => {
    const err = await post((i) => i.reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' }));

    expect([err.code, err.permanent, err.status, err.retryAfterMs]).toEqual(['rate-limited', false, 429, 7000]);
  });

  it.each([
    ['a 503', (i: nock.Interceptor) => i.reply(503, 'unavailable'), 'http-error', false],
    [
      'internal_error',
      (i: nock.Interceptor) => i.reply(200, { ok: false, error: 'internal_error' }),
      'api-error',
      false,
    ],
    [
      'not_in_channel',
      (i: nock.Interceptor) => i.reply(200, { ok: false, error: 'not_in_channel' }),
      'api-error',
      true,
    ],
    ['invalid_auth', (i: nock.Interceptor) => i.reply(200, { ok: false, error: 'invalid_auth' }), 'api-error', true],
  ])('codes %s by its code and permanence', async (_what, reply, code, permanent) => {
    const err = await post(reply);

    expect([err.code, err.permanent]).toEqual([code, permanent]);
    expect(isTransient(err)).toBe(!permanent);
  });

  it('codes a dropped connection as a network failure, worth retrying', async () => {
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
      retryConfig: { retries: 0 },
    }) as unknown as SlackApi;

    const err = (await createSlackReporter({ api, log: silent })
      .post('C1', message)
      .catch((e: unknown) => e)) as SlackDeliverError;
    server.close();

    expect([err.code, err.permanent, isTransient(err)]).toEqual(['network', false, true]);
  });
});
