import type { Report } from '../types.ts';
import type { SlackStore } from './slack-types.ts';
import type { WatchStore } from './watch-types.ts';

// The store behind the GitHub App (and later the Slack digests): what must survive a restart.
// Every method is async so that a networked implementation (Postgres) can follow the same interface;
// the embedded SQLite one answers synchronously underneath. Times: ISO 8601 strings for records,
// epoch milliseconds for queue scheduling (compared in SQL).

// ---------- durable queue ----------

export type QueueJobStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * SQLite: its row id as text; PostgreSQL: pg-boss's job UUID. Opaque to the worker.
 * Scheduling times: SQLite's queue compares the `now` each call passes; PostgreSQL's (pg-boss)
 * schedules on the database's clock, one clock for every instance, and ignores them.
 */
export type QueueJobId = string;

export interface QueueJob {
  id: QueueJobId;
  kind: string;
  payload: unknown;
  /** The webhook delivery that enqueued the job (null for jobs from the watcher, the CLI or other jobs). */
  deliveryId: string | null;
  /** Jobs with the same group never run at the same time (e.g. one PR comment). */
  groupKey: string | null;
  status: QueueJobStatus;
  /** Claims so far, including the current one. */
  attempts: number;
  maxAttempts: number;
  runAfter: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewQueueJob {
  kind: string;
  payload: unknown;
  groupKey?: string | null;
  /** A key seen before (by any earlier job) means the job is skipped: redeliveries and repeated statuses. */
  dedupeKey?: string | null;
  /** Skip when a job of the same kind and group is still queued (it will see the newest state anyway). */
  coalesce?: boolean;
  maxAttempts?: number;
  runAfter?: number;
}

export interface EnqueueRequest {
  jobs: NewQueueJob[];
  /** The webhook delivery that produced the jobs; a delivery id seen before enqueues nothing. */
  delivery?: { id: string; event: string } | null;
  /** Without `delivery`: the delivery the jobs descend from (follow-ups of its job), carried for logs, not checked. */
  fromDelivery?: string | null;
  now: number;
}

export interface EnqueueResult {
  duplicateDelivery: boolean;
  enqueued: QueueJobId[];
  /** Jobs left out: dedupe key already seen, or coalesced into a queued job. */
  skipped: number;
}

export interface ClaimRequest {
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** Only jobs of these kinds (a worker lane of its own, e.g. GitHub writes); absent: any kind. */
  kinds?: readonly string[];
  /** No jobs of these kinds (they have their own lane). */
  exceptKinds?: readonly string[];
}

export interface QueueStore {
  /** Atomic: delivery check, dedupe keys and inserts commit together or not at all. */
  enqueue(req: EnqueueRequest): Promise<EnqueueResult>;
  /**
   * Leases due jobs: queued ones whose `runAfter` has come, and running ones whose lease expired (their
   * worker died). Skips groups that have a live lease. Jobs out of attempts are marked failed instead.
   */
  claimJobs(req: ClaimRequest): Promise<QueueJob[]>;
  extendLease(id: QueueJobId, owner: string, leaseUntil: number): Promise<boolean>;
  completeJob(id: QueueJobId, owner: string, now: number): Promise<void>;
  retryJob(id: QueueJobId, owner: string, error: string, runAfter: number, now: number): Promise<void>;
  failJob(id: QueueJobId, owner: string, error: string, now: number): Promise<void>;
  getJob(id: QueueJobId): Promise<QueueJob | null>;
  listJobs(filter?: { status?: QueueJobStatus; kind?: string }): Promise<QueueJob[]>;
  /** Earliest `runAfter` among queued jobs, to sleep until then; null: nothing known, poll. */
  nextRunAfter(): Promise<number | null>;
  /**
   * Queued jobs (due or scheduled) per kind, counted by the database in one aggregate query (a scrape
   * reads one row per kind, never the jobs). Ages use `now` in SQLite and the database's clock in PostgreSQL.
   */
  queueStats(now: number): Promise<QueueKindStats[]>;
}

export interface QueueKindStats {
  kind: string;
  depth: number;
  /** Seconds the oldest queued job of the kind has waited since it was enqueued; 0 when none waits. */
  oldestAgeSeconds: number;
}

// ---------- triage history ----------

export interface SaveTriageInput {
  repo: string | null;
  /** What asked for it: status, check_run, workflow_run, command, cli, slack, watch (periodic-job watcher). */
  trigger: string;
  report: Report;
}

export interface TriageRecord extends SaveTriageInput {
  id: number;
  createdAt: string;
}

/** One finding of one triage, flattened for aggregation (digests: which failures recur, where). */
export interface FindingSummary {
  triageId: number;
  repo: string | null;
  job: string;
  buildId: string;
  result: string;
  startedAt: string | null;
  classifier: string;
  category: string;
  fingerprint: string;
  confidence: number;
}

export interface TriageQuery {
  repo?: string;
  job?: string;
  /** Created at or after (ISO 8601). */
  since?: string;
  limit?: number;
}

export interface TriageStore {
  saveTriage(input: SaveTriageInput): Promise<number>;
  /**
   * Saves unless a triage of the same repo, job and build is stored (a job re-run after its worker died
   * mid-way, on another instance): then returns that one's id with created false.
   */
  saveTriageOnce(input: SaveTriageInput): Promise<{ id: number; created: boolean }>;
  listTriages(query?: TriageQuery): Promise<TriageRecord[]>;
  listFindings(query?: TriageQuery): Promise<FindingSummary[]>;
}

// ---------- PR comment state ----------

export type PrJobStatus = 'failing' | 'resolved';

export interface PrJobEntry {
  job: string;
  url: string | null;
  status: PrJobStatus;
  report: Report | null;
  error: string | null;
  updatedAt: string;
  /** When the CI event behind this state happened; older events never overwrite newer ones. */
  eventAt: string;
}

export interface PrCommentRecord {
  repo: string;
  pr: number;
  commentId: number | null;
  configNote: string | null;
  jobs: PrJobEntry[];
}

export interface CommentStore {
  /** An empty record (no comment, no jobs) when nothing was stored for the PR. */
  loadPrComment(repo: string, pr: number): Promise<PrCommentRecord>;
  /** Upserts the job's entry unless the stored one comes from a later event; true when written. */
  savePrJob(repo: string, pr: number, entry: PrJobEntry): Promise<boolean>;
  /** Moves a failing entry to resolved unless it failed after `eventAt`; true when it moved. */
  resolvePrJob(repo: string, pr: number, job: string, eventAt: string, updatedAt: string): Promise<boolean>;
  savePrCommentId(repo: string, pr: number, commentId: number | null): Promise<void>;
  savePrConfigNote(repo: string, pr: number, note: string | null): Promise<void>;
  /** Cheap filter for green statuses: is this job failing on any PR of the repo? */
  hasFailingJob(repo: string, job: string): Promise<boolean>;
}

// ---------- suspect finder's GitHub cache ----------

export interface CachedValue<T> {
  value: T;
  fetchedAt: string;
}

export interface PrCacheStore {
  getPrFiles(repo: string, number: number): Promise<CachedValue<unknown> | null>;
  putPrFiles(repo: string, number: number, files: unknown): Promise<void>;
  getPrList(key: string): Promise<CachedValue<unknown> | null>;
  putPrList(key: string, pulls: unknown): Promise<void>;
}

// ---------- the whole store ----------

/** ReDoS verdicts of rule patterns by hash of flags and source; `problem` null means proven linear. */
export interface PatternVerdictStore {
  loadPatternVerdicts(hashes: readonly string[]): Promise<Map<string, string | null>>;
  savePatternVerdicts(verdicts: readonly { hash: string; problem: string | null }[]): Promise<void>;
}

export interface Store
  extends QueueStore,
    TriageStore,
    CommentStore,
    PrCacheStore,
    SlackStore,
    WatchStore,
    PatternVerdictStore {
  /** Deletes finished jobs, deliveries and dedupe keys older than `before` (ISO 8601); returns rows removed. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}
