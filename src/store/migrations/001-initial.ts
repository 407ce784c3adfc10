import type { Migration } from './types.ts';

// v1: the queue, webhook bookkeeping, triage history and PR comment state.
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE queue_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  group_key TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_after INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX queue_jobs_due ON queue_jobs (status, run_after);
CREATE INDEX queue_jobs_group ON queue_jobs (group_key, status);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  received_at TEXT NOT NULL
);

CREATE TABLE dedupe_keys (
  key TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE triages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repo TEXT,
  job TEXT NOT NULL,
  build_id TEXT NOT NULL,
  run_url TEXT,
  result TEXT NOT NULL,
  started_at TEXT,
  trigger TEXT NOT NULL,
  report_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX triages_job ON triages (job, created_at);
CREATE INDEX triages_repo ON triages (repo, created_at);

CREATE TABLE triage_findings (
  triage_id INTEGER NOT NULL REFERENCES triages (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  classifier TEXT NOT NULL,
  category TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  confidence REAL NOT NULL,
  PRIMARY KEY (triage_id, ordinal)
);
CREATE INDEX triage_findings_fingerprint ON triage_findings (fingerprint);

CREATE TABLE pr_comments (
  repo TEXT NOT NULL,
  pr INTEGER NOT NULL,
  comment_id INTEGER,
  config_note TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (repo, pr)
);

CREATE TABLE pr_jobs (
  repo TEXT NOT NULL,
  pr INTEGER NOT NULL,
  job TEXT NOT NULL,
  url TEXT,
  status TEXT NOT NULL CHECK (status IN ('failing', 'resolved')),
  report_json TEXT,
  error TEXT,
  event_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (repo, pr, job)
);
CREATE INDEX pr_jobs_failing ON pr_jobs (repo, job, status);
`,
};
