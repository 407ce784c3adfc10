import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import { metrics } from '../../src/ops/index.ts';
import type { RequestHandler } from '../server.ts';

// The webhook endpoint: transport only. It answers 413 above GitHub's own 25 MB maximum before reading
// further, checks the signature over the raw bytes, and hands a JSON object to probot's listeners. A
// rejected delivery logs one line (delivery id, event, reason), never its body.

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
const HEADERS = ['x-github-event', 'x-hub-signature-256', 'x-github-delivery'] as const;
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;

export interface WebhookReceiverOptions {
  probot: Probot;
  secret: string;
  path: string;
  log: Logger;
  maxBytes?: number;
}

type Rejection = { status: number; reason: string; code: string };

export function createWebhookReceiver(o: WebhookReceiverOptions): RequestHandler {
  const maxBytes = o.maxBytes ?? MAX_WEBHOOK_BYTES;
  return async (req, res) => {
    const path = req.url?.split('?')[0];
    // probot's setup flow registers `<base>/` as the webhook URL; accept deliveries there too.
    const atRoot = path === '/' && req.method === 'POST' && req.headers['x-github-event'] !== undefined;
    if (path !== o.path && !atRoot) return false;
    const id = header(req, 'x-github-delivery') ?? null;
    const event = header(req, 'x-github-event') ?? null;
    const outcome = await receive(o, req, maxBytes);
    if ('status' in outcome) {
      o.log.warn({ deliveryId: id, event, status: outcome.status, reason: outcome.reason }, 'webhook rejected');
      metrics.webhooksRejected.inc({ reason: outcome.code });
      reply(res, outcome.status, { error: outcome.reason }, outcome.status === 413);
      return true;
    }
    metrics.webhooksReceived.inc({ event: event ?? 'unknown' });
    try {
      await o.probot.receive({ id: id ?? '', name: event as never, payload: outcome.payload as never });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } catch (err) {
      o.log.error({ deliveryId: id, event, reason: firstMessage(err) }, 'webhook handler failed');
      metrics.webhooksRejected.inc({ reason: 'handler-failed' });
      reply(res, 500, { error: 'webhook handler failed' }, false);
    }
    return true;
  };
}

async function receive(
  o: WebhookReceiverOptions,
  req: IncomingMessage,
  maxBytes: number,
): Promise<Rejection | { payload: object }> {
  if (req.method !== 'POST') return { status: 404, reason: `Unknown route: ${req.method} ${o.path}`, code: 'method' };
  if (!JSON_TYPE.test(header(req, 'content-type') ?? ''))
    return {
      status: 415,
      reason: 'Unsupported "Content-Type" header value. Must be "application/json"',
      code: 'content-type',
    };
  const missing = HEADERS.filter((h) => header(req, h) === undefined);
  if (missing.length > 0)
    return { status: 400, reason: `Required headers missing: ${missing.join(', ')}`, code: 'headers' };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return tooLarge(req, maxBytes);
  const body = await readCapped(req, maxBytes);
  if (body === null) return tooLarge(req, maxBytes);
  if (!signatureMatches(o.secret, body, header(req, 'x-hub-signature-256') ?? ''))
    return { status: 400, reason: 'signature does not match event payload and secret', code: 'signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, reason: 'the body is not JSON', code: 'not-json' };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return { status: 400, reason: 'the body is not a JSON object', code: 'not-json' };
  return { payload };
}

function tooLarge(req: IncomingMessage, maxBytes: number): Rejection {
  // Stop reading: the connection closes once the answer is written.
  req.pause();
  return { status: 413, reason: `payload larger than ${maxBytes} bytes`, code: 'too-large' };
}

/** The body, or null as soon as it grows past `maxBytes` (chunked bodies declare no length). */
async function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function reply(res: ServerResponse, status: number, body: object, close: boolean): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function firstMessage(err: unknown): string {
  const first = err instanceof AggregateError ? err.errors[0] : err;
  return first instanceof Error ? first.message.slice(0, 300) : String(first).slice(0, 300);
}
