import nock from 'nock';
import { Octokit } from 'octokit';
import { deliverPrComment, reactToComment } from '../../../src/deliver/github/index.ts';
import type { GitHubClient } from '../../../src/deliver/github/index.ts';

const API = 'https://api.github.com';
const MARKER = '<!-- ci-triage:pr-comment -->';
const BODY = `${MARKER}\n**ci-triage:** 1 failing job`;
const client: GitHubClient = new Octokit({
  auth: 'test-token',
  retry: { enabled: false },
  throttle: { enabled: false },
});
const base = { client, repo: 'kubernetes-csi/csi-proxy', pr: 369, body: BODY, marker: MARKER };

describe('deliverPrComment', () => {
  it('creates the comment when the PR has none of ours', async () => {
    const api = nock(API)
      .get('/repos/kubernetes-csi/csi-proxy/issues/369/comments')
      .query({ per_page: 100, page: 1 })
      .reply(200, [{ id: 5, body: `quoting ${MARKER}`, user: { login: 'someone', type: 'User' } }])
      .post('/repos/kubernetes-csi/csi-proxy/issues/369/comments', { body: BODY })
      .reply(201, { id: 1001 });

    const result = await deliverPrComment({ ...base, knownCommentId: null });

    expect(result).toEqual({ action: 'created', commentId: 1001 });
    expect(api.isDone()).toBe(true);
  });

  it('edits the remembered comment in place', async () => {
    nock(API).patch('/repos/kubernetes-csi/csi-proxy/issues/comments/1001', { body: BODY }).reply(200, { id: 1001 });

    expect(await deliverPrComment({ ...base, knownCommentId: 1001 })).toEqual({ action: 'updated', commentId: 1001 });
  });

  it('finds our comment by its marker on a later page when the id was lost', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: 'lgtm', user: { type: 'User' } }));
    nock(API)
      .get('/repos/kubernetes-csi/csi-proxy/issues/369/comments')
      .query({ per_page: 100, page: 1 })
      .reply(200, page1)
      .get('/repos/kubernetes-csi/csi-proxy/issues/369/comments')
      .query({ per_page: 100, page: 2 })
      .reply(200, [{ id: 2002, body: `${MARKER}\nold`, user: { login: 'ci-triage[bot]', type: 'Bot' } }])
      .patch('/repos/kubernetes-csi/csi-proxy/issues/comments/2002', { body: BODY })
      .reply(200, { id: 2002 });

    expect(await deliverPrComment({ ...base, knownCommentId: null })).toEqual({ action: 'updated', commentId: 2002 });
  });

  it('re-creates the comment when someone deleted it', async () => {
    nock(API)
      .patch('/repos/kubernetes-csi/csi-proxy/issues/comments/1001')
      .reply(404, { message: 'Not Found' })
      .get('/repos/kubernetes-csi/csi-proxy/issues/369/comments')
      .query(true)
      .reply(200, [])
      .post('/repos/kubernetes-csi/csi-proxy/issues/369/comments')
      .reply(201, { id: 1002 });

    expect(await deliverPrComment({ ...base, knownCommentId: 1001 })).toEqual({ action: 'created', commentId: 1002 });
  });

  it('passes other errors on for the queue to judge', async () => {
    nock(API).patch('/repos/kubernetes-csi/csi-proxy/issues/comments/1001').reply(502, 'bad gateway');

    await expect(deliverPrComment({ ...base, knownCommentId: 1001 })).rejects.toMatchObject({ status: 502 });
  });

  it('only logs in dry-run mode', async () => {
    const logged: object[] = [];

    const result = await deliverPrComment({
      ...base,
      knownCommentId: null,
      dryRun: true,
      log: { info: (o) => logged.push(o) },
    });

    expect(result).toEqual({ action: 'dry-run', commentId: null });
    expect(logged).toEqual([expect.objectContaining({ repo: 'kubernetes-csi/csi-proxy', pr: 369, body: BODY })]);
  });
});

describe('reactToComment', () => {
  it('adds the reaction to the command comment', async () => {
    nock(API)
      .post('/repos/kubernetes-csi/csi-proxy/issues/comments/777/reactions', { content: 'eyes' })
      .reply(201, { id: 1, content: 'eyes' });

    await reactToComment(client, 'kubernetes-csi/csi-proxy', 777, 'eyes');
  });
});
