import type { Report } from '../../types.ts';
import type { RepoConfigCache } from '../../config/index.ts';
import type { GitHubClient } from '../../deliver/github/index.ts';

import type { NewQueueJob, Store } from '../../store/types.ts';
import { currentJobDelivery } from '../../queue/index.ts';
import type { TriageFn } from '../../types.ts';
import type { RunUrlSettings } from '../run-url.ts';
import type { Logger } from '../../logger.ts';
import type { RuleScreen } from '../repo-settings.ts';

/** Which installation and repository a triage runs for (the engine may need that installation's token). */
export interface TriageScope {
  installationId: number;
  repo: string;
}

/** What the job handlers need; the composition root builds it, tests fake the edges (GitHub, engine). */
export interface AppServices {
  store: Store;
  /** An authenticated client for the installation. */
  github(installationId: number): Promise<GitHubClient>;
  triageFor(scope: TriageScope): Promise<TriageFn>;
  repoConfig: RepoConfigCache;
  settings: RunUrlSettings & {
    maxAttempts: number;
    /** The App-wide PR-comment command name (CI_TRIAGE_COMMAND); `triage` when absent. */
    command?: string;
    /** Log comments and reactions instead of writing them. */
    dryRun: boolean;
    /** Where copies of repositories' extra rule files are written. */
    rulesDir: string;
  };
  /** Proves repositories' rule patterns off the main thread; absent: rules load as fetched. */
  screenRules?: RuleScreen;
  clock: () => Date;
  /** Tells the worker that follow-up jobs were enqueued. */
  wake(): void;
  log: Logger;
  /**
   * The jobs every saved triage leads to (Slack alerts), enqueued by the job that saved it before it
   * completes. Each carries a dedupe key, so a job re-run after a crash enqueues them once.
   */
  triagedJobs?: (t: TriagedRun) => NewQueueJob[];
  /** Told about every saved triage (tests); its failures are logged, never retried. */
  onTriaged?: (t: TriagedRun) => Promise<void>;
}

export interface TriagedRun {
  report: Report;
  repo: string | null;
  triageId: number;
}

/** After a triage is saved: its follow-up jobs, durably; then the observers, when the triage is new. */
export async function afterTriaged(s: AppServices, t: TriagedRun, isNew: boolean, log: Logger): Promise<void> {
  await enqueueFollowUps(s, s.triagedJobs?.(t) ?? []);
  if (isNew) await s.onTriaged?.(t).catch((err: unknown) => log.warn({ err }, 'triage listener failed'));
}

export async function enqueueFollowUps(s: AppServices, jobs: NewQueueJob[]): Promise<void> {
  if (jobs.length === 0) return;
  // The follow-ups log with the delivery of the job that asked for them.
  const r = await s.store.enqueue({ jobs, fromDelivery: currentJobDelivery(), now: s.clock().getTime() });
  if (r.enqueued.length > 0) s.wake();
}

export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
