import type { Migration } from './types.ts';

// v6: the webhook delivery that enqueued a job, so the job's log lines carry it (SQLite's queue; on
// PostgreSQL the jobs live in pg-boss's schema and carry it in their data, the column stays unused).
export const migration006: Migration = {
  version: 6,
  name: 'job-delivery',
  sql: `
ALTER TABLE queue_jobs ADD COLUMN delivery_id TEXT;
`,
};
