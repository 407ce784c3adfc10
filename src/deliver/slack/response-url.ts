import { metrics } from '../../ops/index.ts';
import { messageOf } from '../../errors.ts';
import { SlackDeliverError } from './slack-api.ts';

// A slash command's answer goes to its response_url (Slack's "delayed response"): a JSON POST,
// accepted for 30 minutes and five times. Slack answers 200 "ok"; 404 once the URL expired or was
// used up. 5xx, 429 and network failures are worth another try, anything else is not.

export interface ResponseUrlOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function deliverToResponseUrl(url: string, body: unknown, o: ResponseUrlOptions = {}): Promise<void> {
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
  } catch (err) {
    metrics.slackPosts.inc({ call: 'response_url', outcome: 'error' });
    throw new SlackDeliverError('network', `Slack response_url post failed: ${messageOf(err)}`, {
      permanent: false,
      cause: err,
    });
  }
  const text = await res.text().catch(() => '');
  metrics.slackPosts.inc({ call: 'response_url', outcome: res.ok ? 'ok' : 'error' });
  if (res.ok) return;
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new SlackDeliverError(
    'http-error',
    `Slack response_url post failed: HTTP ${res.status} ${text.slice(0, 200)}`,
    {
      permanent: res.status < 500 && res.status !== 429 && res.status !== 408,
      status: res.status,
      retryAfterMs: res.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
    },
  );
}
