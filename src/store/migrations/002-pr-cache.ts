import type { Migration } from './types.ts';

// v2: GitHub answers cached for the suspect finder (merged PR lists per window, files per PR), so a
// restart or a second failure in the same window does not page through the API again.
export const migration002: Migration = {
  version: 2,
  name: 'pr-cache',
  sql: `
CREATE TABLE pr_files (
  repo TEXT NOT NULL,
  number INTEGER NOT NULL,
  files_json TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (repo, number)
);

CREATE TABLE pr_lists (
  key TEXT PRIMARY KEY,
  pulls_json TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
`,
};
