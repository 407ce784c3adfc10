// What the Slack side must keep across restarts and share between instances: "Wrong cause?" feedback,
// alert threads (one parent message per job and cause, further occurrences threaded under it) and
// digest runs (one post per scope and period). Claims are rows inserted before posting, so two
// instances (or a restart mid-post) never post the same thing twice.

// ---------- "Wrong cause?" feedback ----------

export interface WrongCauseInput {
  /** The stored triage the button was on; null when the message came from an unstored report. */
  triageId: number | null;
  fingerprint: string;
  classifier: string;
  userId: string;
  userName: string | null;
  teamId: string | null;
  channelId: string | null;
}

export interface WrongCauseRecord extends WrongCauseInput {
  id: number;
  createdAt: string;
  /** From the triage, when it is stored: digests count feedback per channel scope by these. */
  job: string | null;
  repo: string | null;
}

export interface SaveWrongCauseResult {
  id: number;
  /** The same user had already flagged this finding of this triage. */
  duplicate: boolean;
}

// ---------- alert threads ----------

export interface AlertThreadKey {
  channel: string;
  job: string;
  fingerprint: string;
}

export interface AlertClaimRequest extends AlertThreadKey {
  buildId: string;
  /** Who claims (an instance id): only the claimer completes or releases a parent claim. */
  owner: string;
  /** A parent claim older than this (ms) whose message never got posted is taken over (its poster died). */
  staleMs: number;
}

/**
 * duplicate: this run was already alerted in this channel. parent: post the first message (then
 * completeAlertParent). reply: thread under `ts`. pending: another instance is posting the parent now.
 */
export type AlertClaim =
  | { kind: 'duplicate' }
  | { kind: 'parent' }
  | { kind: 'reply'; ts: string }
  | { kind: 'pending' };

export interface AlertThreadRecord extends AlertThreadKey {
  ts: string | null;
  owner: string;
  /** Runs alerted under this thread, the parent's included. */
  occurrences: number;
  claimedAt: string;
  updatedAt: string;
}

// ---------- digest runs ----------

export interface DigestRunKey {
  /** e.g. `channel:C0123|7d` */
  scope: string;
  periodStart: string;
}

export type DigestRunStatus = 'claimed' | 'posted' | 'failed';

export interface DigestRunRecord extends DigestRunKey {
  periodEnd: string;
  status: DigestRunStatus;
  owner: string;
  fileId: string | null;
  error: string | null;
  claimedAt: string;
  updatedAt: string;
}

export interface SlackStore {
  /** Insert-or-ignore per (triage, fingerprint, user). */
  saveWrongCause(input: WrongCauseInput): Promise<SaveWrongCauseResult>;
  /** Feedback created in [since, until), oldest first. */
  listWrongCause(query?: { since?: string; until?: string }): Promise<WrongCauseRecord[]>;

  /** Atomic: records the run for the channel, then claims or reads the job+cause thread. */
  claimAlert(req: AlertClaimRequest): Promise<AlertClaim>;
  completeAlertParent(key: AlertThreadKey, owner: string, ts: string): Promise<void>;
  /** Undo a claim whose post failed: the run can be alerted again, and our unposted parent claim is dropped. */
  releaseAlert(req: Omit<AlertClaimRequest, 'staleMs'>): Promise<void>;
  listAlertThreads(): Promise<AlertThreadRecord[]>;

  /** Insert-or-ignore: true when this caller owns the (scope, period start) digest. */
  claimDigestRun(input: DigestRunKey & { periodEnd: string; owner: string }): Promise<boolean>;
  finishDigestRun(
    key: DigestRunKey,
    result: { status: 'posted' | 'failed'; fileId?: string | null; error?: string | null },
  ): Promise<void>;
  listDigestRuns(scope?: string): Promise<DigestRunRecord[]>;

  /** Earliest run time (started, else triaged) each fingerprint was recorded at; absent ones were never seen. */
  firstSeenFingerprints(fingerprints: readonly string[]): Promise<Record<string, string>>;
}
