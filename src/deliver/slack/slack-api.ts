import type { Block } from '../../render/index.ts';
import { CodedError, messageOf } from '../../errors.ts';

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

export type SlackDeliverErrorCode =
  | 'api-error' // Slack answered ok: false (channel_not_found, invalid_auth, internal_error ...)
  | 'rate-limited' // HTTP 429 with Retry-After (retryAfterMs says how long)
  | 'http-error' // an HTTP status other than 200 and 429
  | 'network' // no answer: connection refused or reset, DNS, timeout
  | 'upload-failed';

/**
 * A Slack call failed; `permanent` is false for rate limits, server errors and network failures, worth
 * retrying later (not before `retryAfterMs` when Slack said so).
 */
export class SlackDeliverError extends CodedError<SlackDeliverErrorCode> {
  readonly retryAfterMs: number | null;

  constructor(
    code: SlackDeliverErrorCode,
    message: string,
    options: { permanent: boolean; cause?: unknown; status?: number | null; retryAfterMs?: number | null },
  ) {
    super(code, message, options);
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

// Slack's platform errors that will not go away by themselves (wrong channel, missing scope, bad token).
// Any other `error` (internal_error, fatal_error, service_unavailable, request_timeout ...) is retried.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
]);

// @slack/web-api 8's error codes (src/errors.ts, ErrorCode): what WebClient throws for each failure.
const WEB_API = {
  platform: 'slack_webapi_platform_error',
  http: 'slack_webapi_http_error',
  request: 'slack_webapi_request_error',
  rateLimited: 'slack_webapi_rate_limited_error',
} as const;

interface WebApiErrorShape {
  code?: unknown;
  data?: { error?: unknown };
  error?: unknown;
  statusCode?: unknown;
  retryAfter?: unknown;
  message?: unknown;
}

/** Wraps what WebClient throws (or an `ok: false` answer) as a coded error naming the call. */
export function slackCallError(call: string, err: unknown): SlackDeliverError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as WebApiErrorShape;
  if (e.code === WEB_API.rateLimited) {
    const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 30;
    return new SlackDeliverError('rate-limited', `Slack ${call} failed: rate limited, retry after ${seconds} s`, {
      permanent: false,
      status: 429,
      retryAfterMs: seconds * 1000,
      cause: err,
    });
  }
  if (e.code === WEB_API.http && typeof e.statusCode === 'number') {
    const status = e.statusCode;
    return new SlackDeliverError('http-error', `Slack ${call} failed: HTTP ${status}`, {
      permanent: status < 500 && status !== 408 && status !== 429,
      status,
      cause: err,
    });
  }
  if (e.code === WEB_API.request)
    return new SlackDeliverError('network', `Slack ${call} failed: ${messageOf(err)}`, {
      permanent: false,
      cause: err,
    });
  const code = e.data?.error ?? e.error;
  const reason = typeof code === 'string' ? code : messageOf(err);
  return new SlackDeliverError('api-error', `Slack ${call} failed: ${reason}`, {
    permanent: typeof code === 'string' && PERMANENT.has(code),
    cause: err,
  });
}
