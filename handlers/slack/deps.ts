import type { DigestLength } from '../../src/digest/index.ts';
import type { TriageCommandDeps } from '../../src/slack/index.ts';
import type { SlackStore } from '../../src/store/slack-types.ts';
import type { Logger } from '../../src/logger.ts';

/** What the Slack listeners get from createSlackBot. */
export interface SlackListenerDeps {
  /** The slash command's name, e.g. /triage. */
  command: string;
  defaultDigestLength: DigestLength;
  commands: TriageCommandDeps;
  store: Pick<SlackStore, 'saveWrongCause'>;
  log: Logger;
}
