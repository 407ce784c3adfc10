import type { App } from '@slack/bolt';
import { OPEN_RUN_ACTION_ID, OPEN_SUSPECT_ACTION_ID, WRONG_CAUSE_ACTION_ID } from '../../../src/render/index.ts';
import type { SlackListenerDeps } from '../deps.ts';
import { openLinkAction } from './open-link.ts';
import { wrongCauseAction } from './wrong-cause.ts';

export function registerActions(app: App, deps: SlackListenerDeps): void {
  app.action({ type: 'block_actions', action_id: WRONG_CAUSE_ACTION_ID }, wrongCauseAction(deps));
  app.action(OPEN_RUN_ACTION_ID, openLinkAction());
  app.action(OPEN_SUSPECT_ACTION_ID, openLinkAction());
}
