import { createIntake } from '../../src/github-app/index.ts';
import { renderPrComment } from '../../src/render/github/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import { issueCommentPayload, statusPayload } from '../fixtures/webhooks/payloads.ts';
import { windowsEmptyEnvReport } from '../render/sample-reports.ts';

// The same /triage comment replayed under new delivery ids, and job names chosen to ping or link.

describe('a replayed /triage comment', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('is triaged once, whatever delivery id it arrives under', async () => {
    const intake = createIntake({
      store,
      settings: { prowUrls: ['https://prow.k8s.io'], webUrl: 'https://github.com', maxAttempts: 3 },
      wake: () => {},
    });
    const comment = issueCommentPayload({ body: '/triage', commentId: 4242 });

    const outcomes = [];
    for (const id of ['d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-6'])
      outcomes.push((await intake.issueComment(id, comment)).outcome);

    expect(outcomes).toEqual(['enqueued', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await store.listJobs({ kind: 'triage-command' })).toHaveLength(1);
  });

  it('ignores a status whose repository is named ../..', async () => {
    const intake = createIntake({
      store,
      settings: { prowUrls: ['https://prow.k8s.io'], webUrl: 'https://github.com', maxAttempts: 3 },
      wake: () => {},
    });

    const r = await intake.status('d-dots', statusPayload({ state: 'failure', repo: '../..' }));

    expect(r).toMatchObject({ outcome: 'ignored', reason: 'payload not understood (repository.full_name)' });
  });
});

describe("the summary table's job-name link", () => {
  it('defuses mentions and issue references like every other label', () => {
    const job = '@kubernetes/sig-release ping #1234';
    const md = renderPrComment(
      {
        repo: 'acme/app',
        pr: 1,
        jobs: [
          {
            job,
            url: 'https://prow.k8s.io/view/gs/b/logs/j/1',
            status: 'failing',
            report: windowsEmptyEnvReport(),
            error: null,
            updatedAt: '2025-02-11T03:00:00Z',
          },
        ],
        configNote: null,
      },
      { now: new Date('2025-02-11T03:00:00Z') },
    );

    const row = md.split('\n').find((l) => l.includes('sig-release')) ?? '';
    expect(row).toContain('@\u200Dkubernetes');
    expect(row).toContain('#\u200D1234');
    expect(md).not.toMatch(/@kubernetes\/sig-release/);
  });
});
