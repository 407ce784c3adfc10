import type { DatabaseSync } from 'node:sqlite';
import type { Report } from '../../types.ts';
import type { FindingSummary, SaveTriageInput, TriageQuery, TriageRecord, TriageStore } from '../types.ts';
import { inTransaction } from './database.ts';
import { normaliseTime, parseJson } from './rows.ts';

interface TriageRow {
  id: number;
  repo: string | null;
  trigger: string;
  report_json: string;
  created_at: string;
}

interface FindingRow {
  triage_id: number;
  repo: string | null;
  job: string;
  build_id: string;
  result: string;
  started_at: string | null;
  classifier: string;
  category: string;
  fingerprint: string;
  confidence: number;
}

const FILTER = '(? IS NULL OR t.repo = ?) AND (? IS NULL OR t.job = ?) AND (? IS NULL OR t.created_at >= ?)';

function filterArgs(q: TriageQuery): (string | number | null)[] {
  const since = q.since ? normaliseTime(q.since) : null;
  return [q.repo ?? null, q.repo ?? null, q.job ?? null, q.job ?? null, since, since, q.limit ?? -1];
}

export function createSqliteTriages(db: DatabaseSync, clock: () => Date): TriageStore {
  const insertTriage = ({ repo, trigger, report }: SaveTriageInput): number => {
    const run = report.run;
    const r = db
      .prepare(
        'INSERT INTO triages (repo, job, build_id, run_url, result, started_at, trigger, report_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        repo,
        run.job,
        run.buildId,
        run.url,
        run.result,
        run.startedAt,
        trigger,
        JSON.stringify(report),
        clock().toISOString(),
      );
    const id = Number(r.lastInsertRowid);
    const add = db.prepare(
      'INSERT INTO triage_findings (triage_id, ordinal, classifier, category, fingerprint, confidence) VALUES (?, ?, ?, ?, ?, ?)',
    );
    report.findings.forEach((f, i) => add.run(id, i, f.classifier, f.category, f.fingerprint, f.confidence));
    return id;
  };
  const store: TriageStore = {
    async saveTriageOnce(input) {
      return inTransaction(db, () => {
        const row = db
          .prepare('SELECT id FROM triages WHERE repo IS ? AND job = ? AND build_id = ? ORDER BY id LIMIT 1')
          .get(input.repo, input.report.run.job, input.report.run.buildId) as { id: number } | undefined;
        return row ? { id: row.id, created: false } : { id: insertTriage(input), created: true };
      });
    },
    async saveTriage(input) {
      return inTransaction(db, () => insertTriage(input));
    },
    async listTriages(query = {}) {
      const rows = db
        .prepare(
          `SELECT t.id, t.repo, t.trigger, t.report_json, t.created_at FROM triages t WHERE ${FILTER} ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
        )
        .all(...filterArgs(query)) as unknown as TriageRow[];
      return rows.map(
        (r): TriageRecord => ({
          id: r.id,
          repo: r.repo,
          trigger: r.trigger,
          createdAt: r.created_at,
          report: parseJson(r.report_json, `triage ${r.id}`) as Report,
        }),
      );
    },
    async listFindings(query = {}) {
      const rows = db
        .prepare(
          `SELECT f.triage_id, t.repo, t.job, t.build_id, t.result, t.started_at, f.classifier, f.category, f.fingerprint, f.confidence
           FROM triage_findings f JOIN triages t ON t.id = f.triage_id WHERE ${FILTER} ORDER BY t.created_at DESC, f.triage_id DESC, f.ordinal LIMIT ?`,
        )
        .all(...filterArgs(query)) as unknown as FindingRow[];
      return rows.map(
        (r): FindingSummary => ({
          triageId: r.triage_id,
          repo: r.repo,
          job: r.job,
          buildId: r.build_id,
          result: r.result,
          startedAt: r.started_at,
          classifier: r.classifier,
          category: r.category,
          fingerprint: r.fingerprint,
          confidence: r.confidence,
        }),
      );
    },
  };
  return store;
}
