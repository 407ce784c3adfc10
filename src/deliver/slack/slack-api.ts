import type { Block } from '../../render/index.ts';
import { CodedError } from '../../errors.ts';

// The slice of Slack's Web API we call. @slack/web-api's WebClient (bolt's `app.client`) fits it;
// tests may pass a WebClient pointed at nock, or a hand-made fake.

export interface PostMessageArgs {
  channel: string;
  text: string;
  blocks?: Block[];
  thread_ts?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export interface SlackApi {
  chat: {
    postMessage(args: PostMessageArgs): Promise<{ ok?: boolean; ts?: string; channel?: string; error?: string }>;
  };
  files: {
    getUploadURLExternal(args: {
      filename: string;
      length: number;
      alt_text?: string;
    }): Promise<{ ok?: boolean; upload_url?: string; file_id?: string; error?: string }>;
    completeUploadExternal(args: {
      files: [{ id: string; title?: string }];
      channel_id: string;
      initial_comment?: string;
      blocks?: Block[];
    }): Promise<{ ok?: boolean; files?: unknown[]; error?: string }>;
  };
}

export type SlackDeliverErrorCode = 'api-error' | 'upload-failed';

/** A Slack call failed; `permanent` is false for rate limits and server errors, worth retrying later. */
export class SlackDeliverError extends CodedError<SlackDeliverErrorCode> {
  constructor(code: SlackDeliverErrorCode, message: string, options: { permanent: boolean; cause?: unknown }) {
    super(code, message, options);
  }
}

// Slack's platform errors that will not go away by themselves (wrong channel, missing scope, bad token).
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
]);

/** Wraps what WebClient throws (or an `ok: false` answer) as a coded error naming the call. */
export function slackCallError(call: string, err: unknown): SlackDeliverError {
  const code = (err as { data?: { error?: unknown } })?.data?.error ?? (err as { error?: unknown })?.error;
  const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return new SlackDeliverError('api-error', `Slack ${call} failed: ${reason}`, {
    permanent: typeof code === 'string' && PERMANENT.has(code),
    cause: err,
  });
}
