import { metrics } from '../../ops/index.ts';
import type { SlackMessage } from '../../render/index.ts';
import { SlackDeliverError, slackCallError } from './slack-api.ts';
import type { SlackApi } from './slack-api.ts';
import type { Logger } from '../../logger.ts';

// The one place that writes to Slack channels: messages, thread replies, and a message with a file
// (Slack's current upload flow: get an upload URL, POST the bytes there, complete the upload into the
// channel with the message as its blocks). Dry-run logs what would be posted and posts nothing.

export interface SlackFile {
  bytes: Uint8Array;
  filename: string;
  title: string;
  altText: string;
}

export interface SlackReporterOptions {
  api: SlackApi;
  dryRun?: boolean;
  log: Logger;
  /** For the upload POST; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface SlackReporter {
  /** Returns the message ts (`dry-run` in dry-run mode). */
  post(channel: string, message: SlackMessage, threadTs?: string | null): Promise<string>;
  /** Returns the file id. */
  postWithFile(channel: string, message: SlackMessage, file: SlackFile): Promise<string>;
}

export function createSlackReporter(o: SlackReporterOptions): SlackReporter {
  const doFetch = o.fetch ?? fetch;
  return {
    async post(channel, message, threadTs = null) {
      if (o.dryRun) {
        o.log.info(
          { channel, threadTs, text: message.text, blocks: message.blocks.length },
          'dry run: Slack message not posted',
        );
        return 'dry-run';
      }
      const args = {
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      const r = await call('chat.postMessage', () => o.api.chat.postMessage(args));
      if (!r.ts)
        throw new SlackDeliverError('api-error', 'Slack chat.postMessage answered without a message ts', {
          permanent: false,
        });
      return r.ts;
    },

    async postWithFile(channel, message, file) {
      if (o.dryRun) {
        o.log.info(
          { channel, text: message.text, file: file.filename, bytes: file.bytes.length },
          'dry run: Slack upload not posted',
        );
        return 'dry-run';
      }
      const target = await call('files.getUploadURLExternal', () =>
        o.api.files.getUploadURLExternal({
          filename: file.filename,
          length: file.bytes.length,
          alt_text: file.altText,
        }),
      );
      if (!target.upload_url || !target.file_id)
        throw new SlackDeliverError('upload-failed', 'Slack gave no upload URL for the chart', { permanent: false });
      await uploadBytes(doFetch, target.upload_url, file);
      await call('files.completeUploadExternal', () =>
        o.api.files.completeUploadExternal({
          files: [{ id: target.file_id as string, title: file.title }],
          channel_id: channel,
          blocks: message.blocks,
        }),
      );
      return target.file_id;
    },
  };
}

async function call<T extends { ok?: boolean; error?: string }>(name: string, fn: () => Promise<T>): Promise<T> {
  let r: T;
  try {
    r = await fn();
  } catch (err) {
    metrics.slackPosts.inc({ call: name, outcome: 'error' });
    throw slackCallError(name, err);
  }
  metrics.slackPosts.inc({ call: name, outcome: r.ok === false ? 'error' : 'ok' });
  if (r.ok === false) throw slackCallError(name, r);
  return r;
}

async function uploadBytes(doFetch: typeof fetch, url: string, file: SlackFile): Promise<void> {
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      body: file.bytes,
      headers: { 'content-type': 'application/octet-stream' },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    throw new SlackDeliverError(
      'upload-failed',
      `uploading ${file.filename} to Slack failed: ${(err as Error).message}`,
      { permanent: false, cause: err },
    );
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok)
    throw new SlackDeliverError('upload-failed', `uploading ${file.filename} to Slack failed: HTTP ${res.status}`, {
      permanent: res.status < 500 && res.status !== 429,
    });
}
