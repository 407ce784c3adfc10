import { parseJson } from './sqlite/rows.ts';
import type { QueueJob, QueueJobStatus } from './types.ts';

// A queue_jobs row as SQLite's queue reads it, and the job it is (PostgreSQL's queue is pg-boss's).

export interface JobRow {
  id: number;
  kind: string;
  payload_json: string;
  delivery_id: string | null;
  group_key: string | null;
  status: QueueJobStatus;
  attempts: number;
  max_attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export function toJob(row: JobRow): QueueJob {
  return {
    id: String(row.id),
    kind: row.kind,
    payload: parseJson(row.payload_json, `queue job ${row.id}`),
    deliveryId: row.delivery_id,
    groupKey: row.group_key,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
