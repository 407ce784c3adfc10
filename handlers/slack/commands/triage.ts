import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ackMessage, needsWork, parseTriageCommand, runTriageCommand } from '../../../src/slack/index.ts';
import type { SlackListenerDeps } from '../deps.ts';

// `/triage …`: parse, acknowledge inside Slack's 3 seconds (the HTTP response carries "Triaging …",
// usage or the bad-argument line), then do the work and answer through response_url.
export function triageCommand(deps: SlackListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const cmd = parseTriageCommand(command.text, { defaultDigestLength: deps.defaultDigestLength });
    await ack({ response_type: 'ephemeral', ...ackMessage(cmd, command.command) } as RespondArguments);
    if (!needsWork(cmd)) return;
    await runTriageCommand(deps.commands, cmd, {
      channelId: command.channel_id,
      teamId: command.team_id ?? null,
      userId: command.user_id,
      respond: (message) => respond(message as RespondArguments),
    });
  };
}
