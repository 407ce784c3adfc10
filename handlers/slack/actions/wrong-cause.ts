import type { AllMiddlewareArgs, BlockAction, RespondArguments, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordWrongCause } from '../../../src/slack/index.ts';
import type { SlackListenerDeps } from '../deps.ts';

// "Wrong cause?": acknowledge, record the feedback, thank the user privately (the report stays as is).
export function wrongCauseAction(deps: SlackListenerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const click = {
      value: action.type === 'button' ? (action.value ?? '') : '',
      userId: body.user.id,
      userName: body.user.username ?? body.user.name ?? null,
      teamId: body.team?.id ?? null,
      channelId: body.channel?.id ?? null,
    };
    const thanks = await recordWrongCause(deps.store, click);
    await respond({ ...thanks, response_type: 'ephemeral', replace_original: false } as RespondArguments);
  };
}
