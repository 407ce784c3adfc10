import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger.ts';

// One node:http server for every inbound integration. Each mounted handler answers the requests it
// owns and returns true, or returns false to pass the request on; the first taker wins, and nobody
// taking it is a 404. probot's createNodeMiddleware is mounted first; Slack's bolt receiver mounts as a
// second handler (wrap `receiver.requestListener`, turning its HTTPReceiverDeferredRequestError for
// paths it does not own into `false`).

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface StartServerOptions {
  host: string;
  port: number;
  handlers: RequestHandler[];
  log: Logger;
}

export interface RunningServer {
  server: Server;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const handlers: RequestHandler[] = [healthCheck, ...options.handlers];
  const server = createServer((req, res) => {
    void dispatch(handlers, req, res).catch((err: unknown) => {
      options.log.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () => closeServer(server),
  };
}

async function dispatch(handlers: RequestHandler[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const handle of handlers) {
    if (await handle(req, res)) return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

/** For load balancers and container probes. */
function healthCheck(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url?.split('?')[0] !== '/healthz') return false;
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  return true;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets would hold close() open until they time out.
    server.closeIdleConnections();
  });
}
