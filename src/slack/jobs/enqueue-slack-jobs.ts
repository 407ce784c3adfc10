import type { NewQueueJob, QueueStore } from '../../store/types.ts';
import type { Logger } from '../../logger.ts';
import { triageAnswerJob } from './slack-jobs.ts';

// The Slack side's way into the queue: durable inserts, then a nudge so this instance's worker looks
// at once instead of at its next poll.

export interface SlackQueue {
  store: Pick<QueueStore, 'enqueue'>;
  /** The worker's wake(); set by the composition root once the worker exists. */
  wake(): void;
  maxAttempts: number;
  now?: () => number;
}

export async function enqueueSlackJobs(q: SlackQueue, jobs: NewQueueJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const r = await q.store.enqueue({ jobs, now: (q.now ?? Date.now)() });
  if (r.enqueued.length > 0) q.wake();
  return r.enqueued.length;
}

/** A slash command as bolt hands it over (the fields we keep). */
export interface SlashCommandInput {
  text: string;
  channel_id: string;
  team_id?: string | null;
  user_id: string;
  response_url: string;
}

/**
 * After the acknowledgement: the command becomes a slack-triage-answer job. Nothing to answer with
 * when the store refuses it (the user saw "Triaging…"), so that is an error for the listener to log.
 */
export async function enqueueTriageAnswer(q: SlackQueue, command: SlashCommandInput, log: Logger): Promise<void> {
  const job = triageAnswerJob(
    {
      text: command.text,
      channelId: command.channel_id,
      teamId: command.team_id ?? null,
      userId: command.user_id,
      responseUrl: command.response_url,
      receivedAt: (q.now ?? Date.now)(),
    },
    q.maxAttempts,
  );
  const enqueued = await enqueueSlackJobs(q, [job]);
  if (enqueued === 0) log.info({ channel: command.channel_id }, 'slash command already queued (a retried request)');
}
