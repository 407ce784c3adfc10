import type { Octokit } from 'octokit';
import type { RuleCatalog } from '../analyze/index.ts';
import type { SourceOptions } from '../ingest/index.ts';
import type { Logger } from '../logger.ts';
import type { PrCache } from '../suspects/index.ts';
import type { TriageProgress } from './progress.ts';

/** The engine's parts, built once by a composition root (CLI or server) and shared by every triage. */
export interface TriageDeps {
  sources: SourceOptions;
  /** Catalog for the shipped rules plus any extra files; the request's own `rulesFiles` are loaded on top. */
  catalog: RuleCatalog;
  loadCatalog?: (extraFiles: string[]) => Promise<RuleCatalog>;
  suspects: { octokit: Octokit; cache: PrCache; configRepos: string[]; top?: number } | null;
  log?: Logger;
  /** Step and byte progress for a person watching (the CLI on a terminal). */
  progress?: TriageProgress;
  /** How far back to look for earlier failures with the same cause. */
  lookback?: { maxRuns: number; maxGreenGap: number };
}
