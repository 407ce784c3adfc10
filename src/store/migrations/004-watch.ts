import type { Migration } from './types.ts';

// v4: the periodic-job watcher. One row per watched job and build looked at: the claim that keeps
// instances and restarts from triaging a build twice, and where unfinished builds wait for a later tick.
export const migration004: Migration = {
  version: 4,
  name: 'watch',
  sql: `
CREATE TABLE watch_builds (
  target TEXT NOT NULL,
  build_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'enqueued', 'triaged', 'recorded', 'failed', 'abandoned')),
  result TEXT,
  owner TEXT,
  error TEXT,
  first_seen_at TEXT NOT NULL,
  claimed_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target, build_id)
);
CREATE INDEX watch_builds_unsettled ON watch_builds (target, state);
`,
};
