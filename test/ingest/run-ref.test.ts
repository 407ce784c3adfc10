import { parseRunUrl } from '../../src/github-app/index.ts';
import { parseRef, parseRunRef } from '../../src/ingest/index.ts';

// One reader under both callers: the CLI/engine's parseRef and the App's parseRunUrl see the same
// bucket, path, job and build for every form both take, and refuse the same traversals.

const prowUrls = ['https://prow.k8s.io', 'https://ci.example.com/deck'];
const hosts = { gcsUrl: 'https://storage.googleapis.com', prowUrls, githubWebUrl: 'https://github.com', cwd: '/' };
const settings = { prowUrls, webUrl: 'https://github.com' };

describe('parseRunRef', () => {
  it.each([
    ['https://prow.k8s.io/view/gs/b/logs/job-a/123?lens=x', 'b', 'logs/job-a/123', 'job-a', '123'],
    [
      'https://ci.example.com/deck/view/gs/b/pr-logs/pull/o_r/1/job-b/456/',
      'b',
      'pr-logs/pull/o_r/1/job-b/456',
      'job-b',
      '456',
    ],
    ['gs://b/logs/job-c/789', 'b', 'logs/job-c/789', 'job-c', '789'],
  ])('reads %s the same way for the CLI and the App', (url, bucket, path, job, buildId) => {
    const ref = parseRunRef(url, hosts);
    const link = parseRunUrl(url, settings);

    expect(ref).toMatchObject({ ok: true, ref: { kind: 'gcs', bucket, path, job, buildId } });
    expect(parseRef(url, hosts)).toEqual({ kind: 'gcs', bucket, path });
    expect(link).toMatchObject({ job, buildId });
  });

  it('reads an Actions run under a GitHub Enterprise path prefix for both', () => {
    const ghes = { ...hosts, githubWebUrl: 'https://code.example.com/github' };
    const url = 'https://code.example.com/github/o/r/actions/runs/7/job/8';

    expect(parseRef(url, ghes)).toEqual({ kind: 'actions', owner: 'o', repo: 'r', runId: 7, jobId: 8 });
    expect(parseRunUrl(url, { prowUrls, webUrl: ghes.githubWebUrl })).toMatchObject({ repo: 'o/r', runId: '7' });
  });

  it('tells which forms the App follows: a deck page, not another viewer or an object URL', () => {
    const viewer = 'https://deck.other.test/view/gs/b/logs/j/1';
    const object = 'https://storage.googleapis.com/b/logs/j/1';

    expect(parseRunRef(viewer, hosts)).toMatchObject({ ok: true, ref: { via: 'viewer' } });
    expect(parseRunRef(object, hosts)).toMatchObject({ ok: true, ref: { via: 'http' } });
    expect(parseRunUrl(viewer, settings)).toBeNull();
    expect(parseRunUrl(object, settings)).toBeNull();
  });

  it('refuses an S3-backed deck run for the CLI (it cannot read it) but links it for the App', () => {
    const url = 'https://ci.example.com/deck/view/s3/b/logs/j/12';

    expect(() => parseRef(url, hosts)).toThrow(/stored in S3/);
    expect(parseRunUrl(url, settings)).toMatchObject({ kind: 'prow', job: 'j', buildId: '12' });
  });

  it.each([
    [
      'a deck page that is not a run',
      'https://ci.example.com/deck/job-history/gs/b/logs/j',
      /not a \/view\/gs\/ run page/,
    ],
    ['a climb out of the bucket', 'https://ci.example.com/deck/view/gs/b/%2e%2e/x/1', /may not hold/],
    ['whitespace in a gs:// path', 'gs://b/logs/j 1', /needs a bucket and a run path/],
  ])('refuses %s, saying why', (_what, url, why) => {
    expect(parseRunRef(url, hosts)).toEqual({ ok: false, why: expect.stringMatching(why) });
    expect(parseRunUrl(url, settings)).toBeNull();
  });

  it('leaves text that is no URL or gs:// path to the caller (a local path for the CLI)', () => {
    expect(parseRunRef('./logs/job/1', hosts)).toEqual({ ok: 'not-a-ref' });
  });
});
