import { mayTriage, parseSlackAccess } from '../../src/slack/access.ts';
import { parseTriageCommand } from '../../src/slack/parse-triage-command.ts';

describe('SLACK_ACCESS', () => {
  const access = parseSlackAccess('C0CAPI001=kubernetes-sigs/cluster-api; T0TEAM001=kubernetes/*; C0ALL0001=*');

  it('gives a channel its repositories, else its workspace its own', () => {
    expect(mayTriage(access, { channelId: 'C0CAPI001', teamId: 'T0TEAM001' }, 'kubernetes-sigs/cluster-api')).toBe(
      true,
    );
    expect(mayTriage(access, { channelId: 'C0CAPI001', teamId: 'T0TEAM001' }, 'kubernetes/kubernetes')).toBe(false);
    expect(mayTriage(access, { channelId: 'C0OTHER01', teamId: 'T0TEAM001' }, 'kubernetes/kubernetes')).toBe(true);
    expect(mayTriage(access, { channelId: 'C0OTHER01', teamId: 'T0TEAM001' }, 'acme/private')).toBe(false);
    expect(mayTriage(access, { channelId: 'C0ALL0001', teamId: null }, 'acme/private')).toBe(true);
  });

  it('refuses a place it does not name, and allows everything when unset', () => {
    expect(mayTriage(access, { channelId: 'C0NOBODY1', teamId: 'T0ELSE001' }, null)).toBe(false);
    expect(mayTriage(null, { channelId: 'C0NOBODY1', teamId: null }, 'acme/private')).toBe(true);
  });

  it('names the bad entry', () => {
    expect(() => parseSlackAccess('general=kubernetes/*')).toThrow(/"general" is not a Slack channel or team id/);
    expect(() => parseSlackAccess('C0CAPI001=')).toThrow(/C0CAPI001 needs owner\/name repository globs/);
  });
});

describe('/triage input hardening', () => {
  it('refuses dot-only owner or repo names before any lookup', () => {
    expect(parseTriageCommand('../..#1', { defaultDigestLength: '24h' })).toEqual({
      kind: 'invalid',
      message: '"../.." is not an owner/repo name',
    });
  });

  it('drops NUL and bidi overrides before echoing anything', () => {
    const cmd = parseTriageCommand('bad\u202e\u0000name!', { defaultDigestLength: '24h' });

    expect(JSON.stringify(cmd)).not.toMatch(/\\u202e|\\u0000/);
  });
});
