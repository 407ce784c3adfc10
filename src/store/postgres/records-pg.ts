import type { Pool, PoolClient } from 'pg';
import type { Report } from '../../types.ts';
import { normaliseTime, parseJson } from '../sqlite/rows.ts';
import type {
  CommentStore,
  FindingSummary,
  PatternVerdictStore,
  PrCacheStore,
  PrJobEntry,
  PrJobStatus,
  SaveTriageInput,
  TriageQuery,
  TriageRecord,
  TriageStore,
} from '../types.ts';
import { inTx } from './pool.ts';

const FILTER =
  '($1::text IS NULL OR t.repo = $1) AND ($2::text IS NULL OR t.job = $2) AND ($3::text IS NULL OR t.created_at >= $3)';
const filterArgs = (q: TriageQuery) => [
  q.repo ?? null,
  q.job ?? null,
  q.since ? normaliseTime(q.since) : null,
  q.limit ?? null,
];

export function createPgTriages(pool: Pool, clock: () => Date): TriageStore {
  const insert = async (c: PoolClient, { repo, trigger, report }: SaveTriageInput): Promise<number> => {
    const run = report.run;
    const r = await c.query<{ id: number }>(
      `INSERT INTO triages (repo, job, build_id, run_url, result, started_at, trigger, report_json, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        repo,
        run.job,
        run.buildId,
        run.url,
        run.result,
        run.startedAt,
        trigger,
        JSON.stringify(report),
        clock().toISOString(),
      ],
    );
    const id = r.rows[0]!.id;
    for (const [i, f] of report.findings.entries()) {
      await c.query(
        'INSERT INTO triage_findings (triage_id, ordinal, classifier, category, fingerprint, confidence) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, i, f.classifier, f.category, f.fingerprint, f.confidence],
      );
    }
    return id;
  };
  return {
    saveTriage: (input) => inTx(pool, (c) => insert(c, input)),
    saveTriageOnce: (input) =>
      inTx(pool, async (c) => {
        // Two instances re-running the same job serialise on the build's key, then the second finds the first's row.
        const key = `${input.repo ?? ''}|${input.report.run.job}|${input.report.run.buildId}`;
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
        const found = await c.query<{ id: number }>(
          'SELECT id FROM triages WHERE repo IS NOT DISTINCT FROM $1 AND job = $2 AND build_id = $3 ORDER BY id LIMIT 1',
          [input.repo, input.report.run.job, input.report.run.buildId],
        );
        if (found.rows[0]) return { id: found.rows[0].id, created: false };
        return { id: await insert(c, input), created: true };
      }),
    async listTriages(query = {}) {
      const r = await pool.query<{
        id: number;
        repo: string | null;
        trigger: string;
        report_json: string;
        created_at: string;
      }>(
        `SELECT t.id, t.repo, t.trigger, t.report_json, t.created_at FROM triages t WHERE ${FILTER}
         ORDER BY t.created_at DESC, t.id DESC LIMIT $4`,
        filterArgs(query),
      );
      return r.rows.map(
        (row): TriageRecord => ({
          id: row.id,
          repo: row.repo,
          trigger: row.trigger,
          createdAt: row.created_at,
          report: parseJson(row.report_json, `triage ${row.id}`) as Report,
        }),
      );
    },
    async listFindings(query = {}) {
      const r = await pool.query(
        `SELECT f.triage_id, t.repo, t.job, t.build_id, t.result, t.started_at, f.classifier, f.category, f.fingerprint, f.confidence
         FROM triage_findings f JOIN triages t ON t.id = f.triage_id WHERE ${FILTER}
         ORDER BY t.created_at DESC, f.triage_id DESC, f.ordinal LIMIT $4`,
        filterArgs(query),
      );
      return r.rows.map(
        (row): FindingSummary => ({
          triageId: row.triage_id,
          repo: row.repo,
          job: row.job,
          buildId: row.build_id,
          result: row.result,
          startedAt: row.started_at,
          classifier: row.classifier,
          category: row.category,
          fingerprint: row.fingerprint,
          confidence: row.confidence,
        }),
      );
    },
  };
}

interface PrJobRow {
  job: string;
  url: string | null;
  status: PrJobStatus;
  report_json: string | null;
  error: string | null;
  event_at: string;
  updated_at: string;
}

export function createPgComments(pool: Pool, clock: () => Date): CommentStore {
  const setHead = async (repo: string, pr: number, column: 'comment_id' | 'config_note', value: unknown) => {
    await pool.query(
      `INSERT INTO pr_comments (repo, pr, ${column}, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (repo, pr) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
      [repo, pr, value, clock().toISOString()],
    );
  };
  return {
    async loadPrComment(repo, pr) {
      const head = await pool.query<{ comment_id: number | null; config_note: string | null }>(
        'SELECT comment_id, config_note FROM pr_comments WHERE repo = $1 AND pr = $2',
        [repo, pr],
      );
      const rows = await pool.query<PrJobRow>('SELECT * FROM pr_jobs WHERE repo = $1 AND pr = $2 ORDER BY job', [
        repo,
        pr,
      ]);
      return {
        repo,
        pr,
        commentId: head.rows[0]?.comment_id ?? null,
        configNote: head.rows[0]?.config_note ?? null,
        jobs: rows.rows.map((r) => toEntry(r, `${repo}#${pr} ${r.job}`)),
      };
    },
    async savePrJob(repo, pr, entry) {
      const r = await pool.query(
        `INSERT INTO pr_jobs (repo, pr, job, url, status, report_json, error, event_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (repo, pr, job) DO UPDATE SET url = excluded.url, status = excluded.status, report_json = excluded.report_json,
           error = excluded.error, event_at = excluded.event_at, updated_at = excluded.updated_at
         WHERE excluded.event_at >= pr_jobs.event_at`,
        [
          repo,
          pr,
          entry.job,
          entry.url,
          entry.status,
          entry.report ? JSON.stringify(entry.report) : null,
          entry.error,
          normaliseTime(entry.eventAt),
          normaliseTime(entry.updatedAt),
        ],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async resolvePrJob(repo, pr, job, eventAt, updatedAt) {
      const at = normaliseTime(eventAt);
      const r = await pool.query(
        "UPDATE pr_jobs SET status = 'resolved', event_at = $1, updated_at = $2 WHERE repo = $3 AND pr = $4 AND job = $5 AND status = 'failing' AND event_at <= $1",
        [at, normaliseTime(updatedAt), repo, pr, job],
      );
      return (r.rowCount ?? 0) > 0;
    },
    savePrCommentId: (repo, pr, commentId) => setHead(repo, pr, 'comment_id', commentId),
    savePrConfigNote: (repo, pr, note) => setHead(repo, pr, 'config_note', note),
    async hasFailingJob(repo, job) {
      const r = await pool.query("SELECT 1 FROM pr_jobs WHERE repo = $1 AND job = $2 AND status = 'failing' LIMIT 1", [
        repo,
        job,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}

function toEntry(row: PrJobRow, what: string): PrJobEntry {
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

export function createPgPrCache(pool: Pool, clock: () => Date): PrCacheStore {
  const read = async (sql: string, what: string, args: unknown[]) => {
    const r = await pool.query<{ json: string; fetched_at: string }>(sql, args);
    const row = r.rows[0];
    return row ? { value: parseJson(row.json, what), fetchedAt: row.fetched_at } : null;
  };
  return {
    getPrFiles: (repo, number) =>
      read(
        'SELECT files_json AS json, fetched_at FROM pr_files WHERE repo = $1 AND number = $2',
        `pr_files ${repo}#${number}`,
        [repo, number],
      ),
    async putPrFiles(repo, number, files) {
      await pool.query(
        `INSERT INTO pr_files (repo, number, files_json, fetched_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (repo, number) DO UPDATE SET files_json = excluded.files_json, fetched_at = excluded.fetched_at`,
        [repo, number, JSON.stringify(files), clock().toISOString()],
      );
    },
    getPrList: (key) =>
      read('SELECT pulls_json AS json, fetched_at FROM pr_lists WHERE key = $1', `pr_lists ${key}`, [key]),
    async putPrList(key, pulls) {
      await pool.query(
        `INSERT INTO pr_lists (key, pulls_json, fetched_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET pulls_json = excluded.pulls_json, fetched_at = excluded.fetched_at`,
        [key, JSON.stringify(pulls), clock().toISOString()],
      );
    },
  };
}

export function createPgPatternVerdicts(pool: Pool, clock: () => Date): PatternVerdictStore {
  return {
    async loadPatternVerdicts(hashes) {
      const r = await pool.query<{ hash: string; problem: string | null }>(
        'SELECT hash, problem FROM pattern_verdicts WHERE hash = ANY($1::text[])',
        [[...new Set(hashes)]],
      );
      return new Map(r.rows.map((row) => [row.hash, row.problem]));
    },
    async savePatternVerdicts(verdicts) {
      const at = clock().toISOString();
      for (const v of verdicts) {
        await pool.query(
          `INSERT INTO pattern_verdicts (hash, problem, checked_at) VALUES ($1, $2, $3)
           ON CONFLICT (hash) DO UPDATE SET problem = excluded.problem, checked_at = excluded.checked_at`,
          [v.hash, v.problem, at],
        );
      }
    },
  };
}
