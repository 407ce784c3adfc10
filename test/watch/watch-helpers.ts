import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchTarget } from '../../src/watch/index.ts';

// A writable copy of test/fixtures/watch/gcs, so a test can make runs start and finish between ticks.

export const BUCKET = 'watch-ci-logs';
export const JOB = 'periodic-watch-e2e';
export const TARGET: WatchTarget = {
  key: `gs://${BUCKET}/logs/${JOB}`,
  bucket: BUCKET,
  prefix: `logs/${JOB}`,
  job: JOB,
  prowUrl: null,
};
export const B = (n: number) => `1890000000000000${String(n).padStart(3, '0')}`;

export interface GcsTree {
  root: string;
  /** A run that started; with a result it also finished. Moves latest-build.txt to it. */
  addRun(build: string, result?: 'SUCCESS' | 'FAILURE' | 'ABORTED'): void;
  finish(build: string, result: 'SUCCESS' | 'FAILURE' | 'ABORTED'): void;
  setLatest(text: string): void;
  remove(): void;
}

export function copyWatchFixtures(): GcsTree {
  const root = mkdtempSync(join(tmpdir(), 'ci-triage-watch-'));
  cpSync(join(import.meta.dirname, '../fixtures/watch/gcs'), root, { recursive: true });
  const jobDir = join(root, BUCKET, 'logs', JOB);
  const tree: GcsTree = {
    root,
    addRun(build, result) {
      mkdirSync(join(jobDir, build), { recursive: true });
      writeFileSync(
        join(jobDir, build, 'started.json'),
        JSON.stringify({ timestamp: 1738600000 + Number(build.slice(-3)) * 3600 }),
      );
      tree.setLatest(build);
      if (result) tree.finish(build, result);
    },
    finish(build, result) {
      writeFileSync(
        join(jobDir, build, 'finished.json'),
        JSON.stringify({
          timestamp: 1738603000 + Number(build.slice(-3)) * 3600,
          passed: result === 'SUCCESS',
          result,
        }),
      );
    },
    setLatest(text) {
      writeFileSync(join(jobDir, 'latest-build.txt'), text);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return tree;
}
