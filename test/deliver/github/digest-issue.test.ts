import nock from 'nock';
import { Octokit } from 'octokit';
import { createDigestIssueUpserter } from '../../../src/deliver/github/digest-issue.ts';
import type { GitHubClient } from '../../../src/deliver/github/index.ts';

// The digest issue: created once per scope, then updated in place (found by its marker).

const API = 'https://api.github.com';
const client = async (): Promise<GitHubClient> =>
  new Octokit({ auth: 'ghs_test', retry: { enabled: false }, throttle: { enabled: false } }) as unknown as GitHubClient;
const marker = '<!-- ci-triage:digest scope=channel:C1|7d -->';

describe('digest issue', () => {
  it('creates the issue with our label when none carries the marker', async () => {
    let created: Record<string, unknown> = {};
    nock(API)
      .get('/repos/kubernetes/test-infra/issues')
      .query({ labels: 'ci-triage-digest', state: 'all', per_page: '100', page: '1' })
      .reply(200, [{ number: 5, body: '<!-- ci-triage:digest scope=channel:C2|7d -->' }])
      .post('/repos/kubernetes/test-infra/issues', (b: Record<string, unknown>) => Boolean((created = b)))
      .reply(201, { number: 6 });

    await createDigestIssueUpserter(
      client,
      'kubernetes/test-infra',
    )({ scopeKey: 'channel:C1|7d', title: 'CI failures digest: all jobs', marker, body: `${marker}\nbody` });

    expect(created).toEqual({
      title: 'CI failures digest: all jobs',
      body: `${marker}\nbody`,
      labels: ['ci-triage-digest'],
    });
  });

  it('updates (and reopens) the issue that carries the marker, looking past pull requests', async () => {
    let patched: Record<string, unknown> = {};
    nock(API)
      .get('/repos/kubernetes/test-infra/issues')
      .query(true)
      .reply(200, [
        { number: 3, body: marker, pull_request: {} },
        { number: 4, body: `${marker}\nold` },
      ])
      .patch('/repos/kubernetes/test-infra/issues/4', (b: Record<string, unknown>) => Boolean((patched = b)))
      .reply(200, { number: 4 });

    await createDigestIssueUpserter(
      client,
      'kubernetes/test-infra',
    )({ scopeKey: 'channel:C1|7d', title: 't', marker, body: `${marker}\nnew` });

    expect(patched).toEqual({ title: 't', body: `${marker}\nnew`, state: 'open' });
  });
});
