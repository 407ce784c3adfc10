import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';

// Link buttons ("Open run", "Open suspect PR") open in the browser, but Slack still sends the click
// here and shows a warning unless it is acknowledged.
export function openLinkAction() {
  return async ({ ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
  };
}
