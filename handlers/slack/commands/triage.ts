import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ackMessage, needsWork, parseTriageCommand } from '../../../src/slack/index.ts';
import { enqueueTriageAnswer } from '../../../src/slack/jobs/index.ts';
import type { SlackListenerDeps } from '../deps.ts';

// `/triage …`: parse, acknowledge inside Slack's 3 seconds (the HTTP response carries "Triaging …",
// usage or the bad-argument line), then queue the work: a slack-triage-answer job triages and
// answers through response_url.
export function triageCommand(deps: SlackListenerDeps) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const cmd = parseTriageCommand(command.text, { defaultDigestLength: deps.defaultDigestLength });
    await ack({ response_type: 'ephemeral', ...ackMessage(cmd, command.command) } as RespondArguments);
    if (!needsWork(cmd)) return;
    await enqueueTriageAnswer(deps.queue, command, deps.log);
  };
}
