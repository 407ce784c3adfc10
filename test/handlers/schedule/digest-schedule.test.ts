import { pino } from 'pino';
import { startDigestSchedule } from '../../../handlers/schedule/digest-schedule.ts';
import { storeLatestRedRun } from '../../../src/slack/index.ts';
import { openSlackTestStore } from '../../fixtures/slack/slack-store.ts';
import { capiDriftReport } from '../../render/sample-reports.ts';

describe('digest schedule', () => {
  it('hands the scheduled tick time (not the moment the callback ran) to the digest run, and stops', async () => {
    const ticks: Date[] = [];
    const fired = new Promise<void>((resolve) => {
      const schedule = startDigestSchedule({
        cron: '* * * * * *',
        timezone: 'UTC',
        log: pino({ level: 'silent' }),
        run: async (tick) => {
          ticks.push(tick);
          schedule.stop();
          resolve();
        },
      });
    });

    await fired;

    expect(ticks).toHaveLength(1);
    expect((ticks[0] as Date).getTime() % 1000).toBe(0);
  });

  it('keeps the schedule alive when a run throws', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line)) });
    await new Promise<void>((resolve) => {
      const schedule = startDigestSchedule({
        cron: '* * * * * *',
        timezone: 'UTC',
        log,
        run: async () => {
          calls += 1;
          if (calls === 2) {
            schedule.stop();
            resolve();
          }
          throw new Error('Slack is down');
        },
      });
    });

    expect(calls).toBe(2);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'scheduled digest failed' })]));
  });
});

describe('storeLatestRedRun', () => {
  it("answers the job's newest recorded run when it is red, and nothing when it is green", async () => {
    const store = openSlackTestStore();
    const run = (buildId: string, startedAt: string, result: 'FAILURE' | 'SUCCESS') => {
      const r = capiDriftReport();
      return {
        ...r,
        run: {
          ...r.run,
          buildId,
          startedAt,
          result,
          url: `https://prow.k8s.io/view/gs/b/logs/periodic-cluster-api-e2e-latestk8s-main/${buildId}`,
        },
      };
    };
    await store.saveTriage({ repo: null, trigger: 'status', report: run('2', '2025-02-10T07:21:09Z', 'FAILURE') });
    await store.saveTriage({ repo: null, trigger: 'status', report: run('1', '2025-02-07T01:21:09Z', 'FAILURE') });
    const latest = storeLatestRedRun(store);

    const red = await latest('periodic-cluster-api-e2e-latestk8s-main');
    await store.saveTriage({ repo: null, trigger: 'status', report: run('3', '2025-02-11T07:21:09Z', 'SUCCESS') });
    const green = await latest('periodic-cluster-api-e2e-latestk8s-main');
    const unknown = await latest('ci-unknown');
    await store.close();

    expect([red, green, unknown]).toEqual([
      'https://prow.k8s.io/view/gs/b/logs/periodic-cluster-api-e2e-latestk8s-main/2',
      null,
      null,
    ]);
  });
});
