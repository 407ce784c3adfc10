import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createSlackBot } from '../../../handlers/slack/app.ts';
import { slackConfig } from '../../fixtures/slack/slack-harness.ts';

// SLACK_API_URL sends bolt's Web API calls to another host (a proxy, or this loopback stand-in).

describe('SLACK_API_URL', () => {
  it("sends bolt's chat.postMessage to the configured host", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, ts: '1.2', channel: 'C1' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proxy/api/`;
    const bot = createSlackBot({
      config: slackConfig({ apiUrl: url }),
      queue: {
        store: { enqueue: async () => ({ duplicateDelivery: false, enqueued: [], skipped: 0 }) },
        wake: () => undefined,
        maxAttempts: 1,
      },
      store: { saveWrongCause: async () => ({ id: 1, duplicate: false }) },
      log: pino({ level: 'silent' }),
      clientOptions: { retryConfig: { retries: 0 } },
    });

    const answer = await bot.app.client.chat.postMessage({ channel: 'C1', text: 'hi' });
    // The client the queue's Slack jobs post with goes there too.
    const delivered = await bot.deliveryClient.chat.postMessage({ channel: 'C1', text: 'alert' });
    server.close();

    expect([answer.ts, delivered.ts]).toEqual(['1.2', '1.2']);
    expect(seen).toEqual([
      'POST /proxy/api/chat.postMessage Bearer xoxb-test-token',
      'POST /proxy/api/chat.postMessage Bearer xoxb-test-token',
    ]);
  });
});
