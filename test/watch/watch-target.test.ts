import { ConfigError, loadAppConfig } from '../../src/config/index.ts';
import { parseWatchTarget } from '../../src/watch/index.ts';

const JOB = 'periodic-cluster-api-e2e-latestk8s-main';

describe('parseWatchTarget', () => {
  it('reads a gs:// job folder', () => {
    expect(parseWatchTarget(`gs://kubernetes-ci-logs/logs/${JOB}/`)).toEqual({
      ok: true,
      target: {
        key: `gs://kubernetes-ci-logs/logs/${JOB}`,
        bucket: 'kubernetes-ci-logs',
        prefix: `logs/${JOB}`,
        job: JOB,
        prowUrl: null,
      },
    });
  });

  it('reads a Prow job-history page, keeping its Deck (with a path prefix) and dropping paging', () => {
    const parsed = parseWatchTarget(`https://prow.example.com/deck/job-history/gs/ci-logs/logs/${JOB}?buildId=1889`);

    expect(parsed).toEqual({
      ok: true,
      target: expect.objectContaining({
        key: `gs://ci-logs/logs/${JOB}`,
        job: JOB,
        prowUrl: 'https://prow.example.com/deck',
      }),
    });
  });

  it.each([
    [`https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/${JOB}/1889575453191049217`, 'is not'],
    [`gs://kubernetes-ci-logs/logs/${JOB}/1889575453191049217`, 'names one run'],
    ['gs://bucket', 'is not'],
    ['gs://bucket/logs/../secrets', 'invalid bucket or job path'],
    ['kubernetes-ci-logs/logs/x', 'is not'],
  ])('rejects %s with a message saying why', (value, why) => {
    const parsed = parseWatchTarget(value);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(why);
  });
});

describe('watch settings', () => {
  const base = {
    APP_ID: '1',
    PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----',
    WEBHOOK_SECRET: 's',
  };

  it('is off by default, and ticks every 10 minutes once a job is listed', () => {
    expect(loadAppConfig(base).watch).toBeUndefined();
    expect(loadAppConfig({ ...base, CI_TRIAGE_WATCH_JOBS: 'gs://b/logs/j' }).watch?.cron).toBe('*/10 * * * *');
  });

  it('lists the jobs, once each however they were written', () => {
    const config = loadAppConfig({
      ...base,
      CI_TRIAGE_WATCH_JOBS: ` gs://kubernetes-ci-logs/logs/${JOB}, https://prow.k8s.io/job-history/gs/kubernetes-ci-logs/logs/${JOB},gs://b/logs/other ,`,
      CI_TRIAGE_WATCH_CRON: '*/5 * * * *',
    });

    expect(config.watch?.jobs.map((t) => t.key)).toEqual([`gs://kubernetes-ci-logs/logs/${JOB}`, 'gs://b/logs/other']);
    expect(config.watch?.cron).toBe('*/5 * * * *');
  });

  it('names every bad entry and a bad cron, one line each', () => {
    let error: unknown = null;

    try {
      loadAppConfig({
        ...base,
        CI_TRIAGE_WATCH_JOBS: 'gs://ok/logs/a,nonsense',
        CI_TRIAGE_WATCH_CRON: 'every ten minutes',
      });
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.message);
    expect(issues).toEqual([
      expect.stringMatching(/^CI_TRIAGE_WATCH_JOBS: "nonsense" is not a gs:\/\/<bucket>\/logs\/<job> path/),
      expect.stringMatching(/^CI_TRIAGE_WATCH_CRON must be a cron expression/),
    ]);
  });
});
