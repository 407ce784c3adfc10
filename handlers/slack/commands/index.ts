import type { App } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.ts';
import { triageCommand } from './triage.ts';

export function registerCommands(app: App, deps: SlackListenerDeps): void {
  app.command(deps.command, triageCommand(deps));
}
