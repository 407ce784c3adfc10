import { generateKeyPairSync } from 'node:crypto';
import { Probot, ProbotOctokit } from 'probot';
import { githubAppFunction } from '../../../handlers/github/index.ts';
import type { Intake, IntakeResult } from '../../../src/github-app/index.ts';
import {
  checkRunPayload,
  issueCommentPayload,
  statusPayload,
  workflowRunPayload,
} from '../../fixtures/webhooks/payloads.ts';

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

describe('probot listeners', () => {
  let calls: [string, string, unknown][];
  let probot: Probot;

  beforeEach(async () => {
    calls = [];
    const record =
      (name: string) =>
      async (id: string, payload: unknown): Promise<IntakeResult> => {
        calls.push([name, id, payload]);
        return { outcome: 'ignored', reason: 'test', jobs: 0 };
      };
    const intake: Intake = {
      status: record('status'),
      checkRun: record('checkRun'),
      workflowRun: record('workflowRun'),
      issueComment: record('issueComment'),
    };
    probot = new Probot({ appId: 1, privateKey: PEM, Octokit: ProbotOctokit, logLevel: 'fatal' });
    await probot.load(githubAppFunction(intake));
  });

  it.each([
    ['status', statusPayload({ state: 'failure' }), 'status'],
    ['check_run', checkRunPayload({ conclusion: 'failure' }), 'checkRun'],
    ['workflow_run', workflowRunPayload({ conclusion: 'failure' }), 'workflowRun'],
    ['issue_comment', issueCommentPayload({ body: '/triage' }), 'issueComment'],
  ])('hands %s to the intake with the delivery id', async (name, payload, method) => {
    await probot.receive({ id: 'delivery-9', name, payload } as never);

    expect(calls).toEqual([[method, 'delivery-9', payload]]);
  });

  it.each([
    ['check_run', checkRunPayload({ conclusion: null as never, action: 'created' })],
    ['workflow_run', { ...workflowRunPayload({ conclusion: null }), action: 'requested' }],
    ['issue_comment', issueCommentPayload({ body: '/triage', action: 'deleted' })],
  ])('does not listen to other %s actions', async (name, payload) => {
    await probot.receive({ id: 'delivery-9', name, payload } as never);

    expect(calls).toEqual([]);
  });
});
