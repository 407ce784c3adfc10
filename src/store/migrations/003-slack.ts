import type { Migration } from './types.ts';

// v3: the Slack side. Feedback on findings, alert threads (claimed before posting so instances do not
// double-post), the runs already alerted per channel, and digest runs (one per scope and period).
export const migration003: Migration = {
  version: 3,
  name: 'slack',
  sql: `
CREATE TABLE slack_feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  triage_id INTEGER,
  fingerprint TEXT NOT NULL,
  classifier TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT,
  team_id TEXT,
  channel_id TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX slack_feedback_once ON slack_feedback (IFNULL(triage_id, -1), fingerprint, user_id);
CREATE INDEX slack_feedback_created ON slack_feedback (created_at);

CREATE TABLE slack_alert_threads (
  channel TEXT NOT NULL,
  job TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  ts TEXT,
  owner TEXT NOT NULL,
  occurrences INTEGER NOT NULL DEFAULT 0,
  claimed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (channel, job, fingerprint)
);

CREATE TABLE slack_alert_runs (
  channel TEXT NOT NULL,
  job TEXT NOT NULL,
  build_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (channel, job, build_id)
);

CREATE TABLE slack_digest_runs (
  scope TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed')),
  owner TEXT NOT NULL,
  file_id TEXT,
  error TEXT,
  claimed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, period_start)
);
`,
};
