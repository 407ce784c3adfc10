import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSlackConfig } from '../../../src/slack/index.ts';

// slack-app.yml must stay in step with what the code serves and calls.

interface Manifest {
  features: { slash_commands: { command: string; url: string; should_escape: boolean }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../../slack-app.yml', import.meta.url), 'utf8')) as Manifest;
const defaults = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });

describe('slack-app.yml', () => {
  it('points the slash command and interactivity at the path the server serves', () => {
    const [command] = manifest.features.slash_commands;

    expect(command?.command).toBe(defaults?.command);
    expect(new URL(command?.url ?? '').pathname).toBe(defaults?.eventsPath);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(defaults?.eventsPath);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the bot scopes the Web API calls need, and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
    ]);
  });
});
