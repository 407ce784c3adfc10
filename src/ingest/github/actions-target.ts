import type { Octokit } from 'octokit';
import type { HttpClient } from '../http/http-client.ts';

/** Parsed workflow files by `path@sha`; a failed read is dropped so a later call retries. */
export type WorkflowCache = Map<string, Promise<Record<string, unknown> | null>>;

/** Where a GitHub Actions source reads from, and its limits. */
export interface ActionsTarget {
  octokit: Octokit;
  http: HttpClient;
  owner: string;
  repo: string;
  runId: number;
  /** A job URL names one job. */
  jobId: number | null;
  /** History entries of a job source pick the job with the same name in their run. */
  jobName: string | null;
  /** The web URL of the run or job (the source's location). */
  webUrl: string;
  historyLimit: number;
  maxArtifacts: number;
  /** Parsed workflow files by `path@sha`, shared by a run and its history entries. */
  workflows?: WorkflowCache;
}
