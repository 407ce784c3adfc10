import type { DigestLength } from '../../src/digest/index.ts';
import type { SlackQueue } from '../../src/slack/jobs/index.ts';
import type { SlackStore } from '../../src/store/slack-types.ts';
import type { Logger } from '../../src/logger.ts';

/** What the Slack listeners get from createSlackBot. */
export interface SlackListenerDeps {
  /** The slash command's name, e.g. /triage. */
  command: string;
  defaultDigestLength: DigestLength;
  queue: SlackQueue;
  store: Pick<SlackStore, 'saveWrongCause'>;
  log: Logger;
}
