import { parseRunUrl, webUrlFromApiUrl } from '../../src/github-app/index.ts';

const settings = { prowUrls: ['https://prow.k8s.io', 'https://ci.example.com/deck'], webUrl: 'https://github.com' };

describe('parseRunUrl', () => {
  it('reads a Prow presubmit view page (what crier puts in target_url)', () => {
    const url =
      'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160';

    expect(parseRunUrl(url, settings)).toEqual({
      kind: 'prow',
      url,
      job: 'pull-kubernetes-csi-csi-proxy-integration',
      buildId: '1889120572684636160',
    });
  });

  it('reads a periodic view page, dropping the query and trailing slash', () => {
    const link = parseRunUrl(
      'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217/?lens=buildlog',
      settings,
    );

    expect(link).toEqual({
      kind: 'prow',
      url: 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217',
      job: 'periodic-cluster-api-e2e-latestk8s-main',
      buildId: '1889575453191049217',
    });
  });

  it('accepts a Deck served under a path prefix', () => {
    expect(parseRunUrl('https://ci.example.com/deck/view/s3/bucket/logs/my-job/12', settings)).toMatchObject({
      kind: 'prow',
      job: 'my-job',
      buildId: '12',
    });
  });

  it('reads GitHub Actions run and job links', () => {
    expect(parseRunUrl('https://github.com/example/app/actions/runs/13284017051', settings)).toEqual({
      kind: 'actions',
      url: 'https://github.com/example/app/actions/runs/13284017051',
      repo: 'example/app',
      runId: '13284017051',
      jobId: null,
    });
    expect(parseRunUrl('https://github.com/example/app/actions/runs/1/job/2', settings)).toMatchObject({
      runId: '1',
      jobId: '2',
    });
  });

  it('reads gs:// paths', () => {
    expect(parseRunUrl('gs://kubernetes-ci-logs/logs/periodic-x/123', settings)).toEqual({
      kind: 'gcs',
      url: 'gs://kubernetes-ci-logs/logs/periodic-x/123',
      job: 'periodic-x',
      buildId: '123',
    });
  });

  it.each([
    ['another host', 'https://prow.evil.example/view/gs/b/logs/job/1'],
    ['a host that only starts like Prow', 'https://prow.k8s.io.evil.example/view/gs/b/logs/job/1'],
    ['a Prow page that is not a run', 'https://prow.k8s.io/job-history/gs/kubernetes-ci-logs/logs/periodic-x'],
    ['a view without a numeric build', 'https://prow.k8s.io/view/gs/b/logs/job/latest'],
    ['a GitHub page that is not a run', 'https://github.com/example/app/pull/3'],
    ['a coverage bot', 'https://codecov.io/gh/example/app/pull/3'],
    ['not a URL', 'see the logs'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('ignores %s', (_what, url) => {
    expect(parseRunUrl(url, settings)).toBeNull();
  });
});

describe('webUrlFromApiUrl', () => {
  it.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://ghes.example.com/api/v3', 'https://ghes.example.com'],
    ['https://api.octocorp.ghe.com', 'https://octocorp.ghe.com'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
  ])('%s -> %s', (api, web) => {
    expect(webUrlFromApiUrl(api)).toBe(web);
  });
});
