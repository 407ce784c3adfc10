import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from '../src/ops/index.ts';
import type { Store } from '../src/store/index.ts';
import type { RequestHandler } from './server.ts';

// Operator endpoints beside /healthz (process up, in server.ts): /readyz says whether this instance
// should get traffic (store answers, migrations done, queue worker running, not draining); /metrics
// is Prometheus' text format from prom-client.

export interface OpsState {
  store: Pick<Store, 'nextRunAfter' | 'queueStats'>;
  /** Migrated schema version (the store is opened migrated, so this is known once it exists). */
  schemaVersion: number;
  /** True from the worker's start until shutdown begins. */
  queueRunning(): boolean;
}

export function createOpsHandler(state: OpsState): RequestHandler {
  metrics.setQueueProbe(() => state.store.queueStats(Date.now()));
  return async (req, res) => {
    if (req.method !== 'GET') return false;
    const path = req.url?.split('?')[0];
    if (path === '/readyz') return readyz(state, res);
    if (path === '/metrics') return scrape(req, res);
    return false;
  };
}

async function readyz(state: OpsState, res: ServerResponse): Promise<true> {
  const checks: Record<string, string> = {};
  try {
    await state.store.nextRunAfter();
    checks.store = 'ok';
  } catch (err) {
    checks.store = `unreachable: ${(err as Error).message}`.slice(0, 200);
  }
  checks.migrations = state.schemaVersion > 0 ? `v${state.schemaVersion}` : 'not run';
  checks.queue = state.queueRunning() ? 'running' : 'stopped';
  const ok = checks.store === 'ok' && state.schemaVersion > 0 && checks.queue === 'running';
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: ok, checks }));
  return true;
}

async function scrape(_req: IncomingMessage, res: ServerResponse): Promise<true> {
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
  return true;
}
