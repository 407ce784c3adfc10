import type { DatabaseSync } from 'node:sqlite';
import type { Report } from '../../types.ts';
import type { CommentStore, PrCommentRecord, PrJobEntry, PrJobStatus } from '../types.ts';
import { normaliseTime, parseJson } from './rows.ts';

interface CommentRow {
  comment_id: number | null;
  config_note: string | null;
}

interface JobRow {
  job: string;
  url: string | null;
  status: PrJobStatus;
  report_json: string | null;
  error: string | null;
  event_at: string;
  updated_at: string;
}

export function createSqliteComments(db: DatabaseSync, clock: () => Date): CommentStore {
  const touch = db.prepare(
    'INSERT INTO pr_comments (repo, pr, comment_id, config_note, updated_at) VALUES (?, ?, NULL, NULL, ?) ON CONFLICT (repo, pr) DO UPDATE SET updated_at = excluded.updated_at',
  );
  return {
    async loadPrComment(repo, pr) {
      const head = db
        .prepare('SELECT comment_id, config_note FROM pr_comments WHERE repo = ? AND pr = ?')
        .get(repo, pr) as CommentRow | undefined;
      const rows = db
        .prepare('SELECT * FROM pr_jobs WHERE repo = ? AND pr = ? ORDER BY job')
        .all(repo, pr) as unknown as JobRow[];
      const record: PrCommentRecord = {
        repo,
        pr,
        commentId: head?.comment_id ?? null,
        configNote: head?.config_note ?? null,
        jobs: rows.map((r) => toEntry(r, `${repo}#${pr} ${r.job}`)),
      };
      return record;
    },
    async savePrJob(repo, pr, entry) {
      const r = db
        .prepare(
          `INSERT INTO pr_jobs (repo, pr, job, url, status, report_json, error, event_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (repo, pr, job) DO UPDATE SET url = excluded.url, status = excluded.status, report_json = excluded.report_json,
             error = excluded.error, event_at = excluded.event_at, updated_at = excluded.updated_at
           WHERE excluded.event_at >= pr_jobs.event_at`,
        )
        .run(
          repo,
          pr,
          entry.job,
          entry.url,
          entry.status,
          entry.report ? JSON.stringify(entry.report) : null,
          entry.error,
          normaliseTime(entry.eventAt),
          normaliseTime(entry.updatedAt),
        );
      return Number(r.changes) > 0;
    },
    async resolvePrJob(repo, pr, job, eventAt, updatedAt) {
      const at = normaliseTime(eventAt);
      const r = db
        .prepare(
          "UPDATE pr_jobs SET status = 'resolved', event_at = ?, updated_at = ? WHERE repo = ? AND pr = ? AND job = ? AND status = 'failing' AND event_at <= ?",
        )
        .run(at, normaliseTime(updatedAt), repo, pr, job, at);
      return Number(r.changes) > 0;
    },
    async savePrCommentId(repo, pr, commentId) {
      touch.run(repo, pr, clock().toISOString());
      db.prepare('UPDATE pr_comments SET comment_id = ? WHERE repo = ? AND pr = ?').run(commentId, repo, pr);
    },
    async savePrConfigNote(repo, pr, note) {
      touch.run(repo, pr, clock().toISOString());
      db.prepare('UPDATE pr_comments SET config_note = ? WHERE repo = ? AND pr = ?').run(note, repo, pr);
    },
    async hasFailingJob(repo, job) {
      return (
        db.prepare("SELECT 1 FROM pr_jobs WHERE repo = ? AND job = ? AND status = 'failing' LIMIT 1").get(repo, job) !==
        undefined
      );
    },
  };
}

function toEntry(row: JobRow, what: string): PrJobEntry {
  return {
    job: row.job,
    url: row.url,
    status: row.status,
    report: row.report_json === null ? null : (parseJson(row.report_json, what) as Report),
    error: row.error,
    eventAt: row.event_at,
    updatedAt: row.updated_at,
  };
}
