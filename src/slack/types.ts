import type { SlackMessage } from '../render/index.ts';

// What the Slack services are handed by the composition root. GitHub and Prow lookups are injected:
// the GitHub App wires real ones, tests pass fakes.

/** The failed jobs (statuses and check runs) of a pull request's head commit. */
export type PrFailures = (repo: string, pr: number) => Promise<{ job: string; url: string }[]>;

/** The URL of a job's latest failed run, or null when its recent runs are green or it has none. */
export type LatestRedRun = (job: string) => Promise<string | null>;

export interface SlackReply extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** Posts to the command's or action's response_url (bolt's `respond`). */
export type Respond = (message: SlackReply) => Promise<unknown>;
