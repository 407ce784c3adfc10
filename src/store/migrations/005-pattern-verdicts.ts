import type { Migration } from './types.ts';

// v5: ReDoS verdicts of repositories' rule patterns, keyed by a hash of flags and source, so a
// restart (or another instance) does not prove the same pattern again. `problem` null: proven linear.
export const migration005: Migration = {
  version: 5,
  name: 'pattern-verdicts',
  sql: `
CREATE TABLE pattern_verdicts (
  hash TEXT PRIMARY KEY,
  problem TEXT,
  checked_at TEXT NOT NULL
);
`,
};
