import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunEvidence, RunInfo, RunSource } from '../types.ts';
import { createLocalStore } from './objects/local-store.ts';

/** RunInfo for a bare log: all we know is a name. */
export function minimalRunInfo(job: string): RunInfo {
  return {
    job,
    jobType: 'unknown',
    buildId: '',
    url: null,
    result: 'UNKNOWN',
    startedAt: null,
    finishedAt: null,
    repo: null,
    pull: null,
    refs: [],
    env: null,
    labels: {},
    image: null,
    commit: null,
    jobConfigPath: null,
  };
}

/** One log file on disk: a single artifact, no history. */
export function createFileSource(file: string): RunSource {
  const absolute = path.resolve(file);
  const name = path.basename(absolute);
  const store = createLocalStore(path.dirname(absolute), false);
  return {
    location: absolute,
    async load(): Promise<RunEvidence> {
      const size = await stat(absolute).then(
        (info) => info.size,
        () => null,
      );
      const problems = size === 0 ? [`${name} is empty`] : [];
      const logs = [{ name, size, open: () => store.open(name) }];
      return { info: minimalRunInfo(name.replace(/\.(log|txt)$/i, '')), logs, podInfo: null, problems };
    },
    history: async () => null,
  };
}
