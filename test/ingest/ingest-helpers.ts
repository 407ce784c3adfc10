import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpOptions } from '../../src/ingest/index.ts';
import type { LogArtifact } from '../../src/types.ts';

export const FIXTURE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/prow/gcs');
export const BUCKET = 'test-ci-logs';

export const PRESUBMIT_JOB = 'pull-demo-unit';
export const PERIODIC_JOB = 'periodic-demo-e2e';
export const presubmitKey = (pr: number, build: string) =>
  `pr-logs/pull/example-org_demo/${pr}/${PRESUBMIT_JOB}/${build}`;
export const periodicKey = (build: string) => `logs/${PERIODIC_JOB}/${build}`;

export const NEWEST_PRESUBMIT = presubmitKey(15, '1880000000000000404');
export const MALFORMED_PROWJOB = presubmitKey(15, '1880000000000000303');
export const IMAGE_PULL_RUN = periodicKey('1890000000000000033');
export const TRUNCATED_FINISHED = periodicKey('1890000000000000022');

/** Limits that keep retry and timeout tests fast. */
export const FAST_HTTP: HttpOptions = {
  retries: 2,
  retryBaseDelayMs: 1,
  maxRetryDelayMs: 50,
  requestTimeoutMs: 2_000,
  streamIdleTimeoutMs: 2_000,
  streamTimeoutMs: 5_000,
};

export function localPath(key: string): string {
  return path.join(FIXTURE_ROOT, BUCKET, ...key.split('/'));
}

export async function readText(artifact: LogArtifact): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await artifact.open()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
