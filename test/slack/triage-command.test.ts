import { answerTriageCommand, parseTriageCommand } from '../../src/slack/index.ts';
import type { SlackReply, TriageCommandDeps } from '../../src/slack/index.ts';
import type { Report, TriageRequest } from '../../src/types.ts';
import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import { capiDriftReport, HOSTILE_TOKEN, hostileReport } from '../render/sample-reports.ts';

// The work behind /triage after the acknowledgement, with the engine and lookups faked.

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const parse = (text: string) => parseTriageCommand(text, { defaultDigestLength: '7d' });

describe('answerTriageCommand', () => {
  let store: SlackTestStore;
  let replies: SlackReply[];
  const ctx = () => ({ channelId: 'C0KUBE001', userId: 'U0ALICE01' });

  beforeEach(() => {
    store = openSlackTestStore();
    replies = [];
  });

  afterEach(async () => {
    await store.close();
  });

  function deps(over: Partial<TriageCommandDeps> = {}): TriageCommandDeps {
    return {
      triage: async (req: TriageRequest): Promise<Report> => ({
        ...capiDriftReport(),
        run: { ...capiDriftReport().run, buildId: req.source.split('/').at(-1) ?? '' },
      }),
      prFailures: null,
      latestRedRun: null,
      store,
      routes: [],
      log: quiet,
      ...over,
    };
  }

  async function run(text: string, over: Partial<TriageCommandDeps> = {}) {
    const cmd = parse(text);
    if (cmd.kind === 'help' || cmd.kind === 'invalid') throw new Error(`not a work command: ${text}`);
    replies.push(...(await answerTriageCommand(deps(over), cmd, ctx())));
  }

  it('answers at most four jobs of a PR, then one line naming the rest (response_url takes five posts)', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({
      job: `job-${i}`,
      url: `https://prow.k8s.io/view/gs/b/logs/job-${i}/${100 + i}`,
    }));

    await run('o/r#1', { prFailures: async () => jobs });

    expect(replies).toHaveLength(5);
    expect(replies.slice(0, 4).map((r) => r.text)).toEqual(
      ['100', '101', '102', '103'].map(
        (b) =>
          `periodic-cluster-api-e2e-latestk8s-main #${b} flaky: image kindest/node:v1.33.0-alpha.1.199_25278540780516 not found (the job built v1.33.0-alpha.1.122+c81431de59a3bf); likely culprit example-org/widget#502`,
      ),
    );
    expect(replies[4]?.text).toContain('2 more failed jobs not triaged here (job-4, job-5)');
    expect((await store.listTriages()).map((t) => t.repo)).toEqual(['o/r', 'o/r', 'o/r', 'o/r']);
  });

  it('says GitHub is down when the PR lookup fails with a 5xx', async () => {
    await run('o/r#1', {
      prFailures: async () => Promise.reject(Object.assign(new Error('Service Unavailable'), { status: 503 })),
    });

    expect(replies.map((r) => r.text)).toEqual([
      ':warning: GitHub is not answering right now (HTTP 503); try again in a few minutes.',
    ]);
  });

  it('says when lookups by PR or job are not configured', async () => {
    await run('o/r#1');
    await run('some-job');

    expect(replies.map((r) => r.text)).toEqual([
      ':warning: Looking up pull requests is not configured here; pass a run URL instead.',
      ':warning: Looking up a job by name is not configured here; pass the run URL instead.',
    ]);
  });

  it('stops waiting for a triage that takes too long', async () => {
    await run('https://prow.k8s.io/view/gs/b/logs/j/1', { triage: () => new Promise(() => undefined), timeoutMs: 50 });

    expect(replies[0]?.text).toBe(':warning: Triage of j #1 took too long and was stopped; try again later.');
  });

  it('redacts secrets and defuses mentions in error lines and reports', async () => {
    await run('https://prow.k8s.io/view/gs/b/logs/j/1', {
      triage: async () => Promise.reject(new Error(`GET https://user:${HOSTILE_TOKEN}@gcs.example/x failed @here`)),
    });
    await run('https://prow.k8s.io/view/gs/b/logs/j/2', { triage: async () => hostileReport() });

    const all = JSON.stringify(replies);
    expect(all).not.toContain(HOSTILE_TOKEN);
    expect(all).not.toMatch(/<!channel>|<!here>|@here\b/);
  });

  it("answers the digest for the channel's scope now", async () => {
    await store.saveTriage({
      repo: null,
      trigger: 'status',
      report: { ...capiDriftReport(), run: { ...capiDriftReport().run, startedAt: '2025-02-12T07:21:09Z' } },
    });

    await run('digest', { now: () => new Date('2025-02-12T10:00:00Z') });

    expect(replies[0]?.response_type).toBe('ephemeral');
    expect(replies[0]?.text).toContain('CI failures digest · all jobs: 1 failure (+1 vs 0) in 1 job (+1)');
  });
});
