import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Octokit } from 'octokit';
import { IngestError, parseRef, resolveSource } from '../../src/ingest/index.ts';
import { BUCKET, FIXTURE_ROOT, localPath, NEWEST_PRESUBMIT } from './ingest-helpers.ts';

const hosts = {
  gcsUrl: 'http://127.0.0.1:9999',
  prowUrls: ['https://prow.example.test'],
  githubWebUrl: 'https://github.com',
  cwd: FIXTURE_ROOT,
};
const octokit = new Octokit({ auth: 'test-token' });

describe('parseRef accepts', () => {
  it.each([
    ['-', { kind: 'stdin' }],
    [`gs://${BUCKET}/${NEWEST_PRESUBMIT}`, { kind: 'gcs', bucket: BUCKET, path: NEWEST_PRESUBMIT }],
    [`gs://${BUCKET}/${NEWEST_PRESUBMIT}/`, { kind: 'gcs', bucket: BUCKET, path: NEWEST_PRESUBMIT }],
    [
      `https://prow.k8s.io/view/gs/${BUCKET}/${NEWEST_PRESUBMIT}`,
      { kind: 'gcs', bucket: BUCKET, path: NEWEST_PRESUBMIT },
    ],
    [
      `https://prow.example.test/view/gs/${BUCKET}/${NEWEST_PRESUBMIT}?tab=logs#x`,
      { kind: 'gcs', bucket: BUCKET, path: NEWEST_PRESUBMIT },
    ],
    [`https://deck.other.test/view/gcs/${BUCKET}/logs/j/1`, { kind: 'gcs', bucket: BUCKET, path: 'logs/j/1' }],
    [`https://storage.googleapis.com/${BUCKET}/logs/j/1`, { kind: 'gcs', bucket: BUCKET, path: 'logs/j/1' }],
    [`http://127.0.0.1:9999/${BUCKET}/logs/j/1`, { kind: 'gcs', bucket: BUCKET, path: 'logs/j/1' }],
    [`https://gcsweb.k8s.io/gcs/${BUCKET}/logs/j/1/`, { kind: 'gcs', bucket: BUCKET, path: 'logs/j/1' }],
    ['https://github.com/o/r/actions/runs/123', { kind: 'actions', owner: 'o', repo: 'r', runId: 123, jobId: null }],
    [
      'https://github.com/o/r/actions/runs/123/job/456',
      { kind: 'actions', owner: 'o', repo: 'r', runId: 123, jobId: 456 },
    ],
    [
      'https://github.com/o/r/actions/runs/123/attempts/2',
      { kind: 'actions', owner: 'o', repo: 'r', runId: 123, jobId: null },
    ],
    [`${BUCKET}/${NEWEST_PRESUBMIT}`, { kind: 'dir', path: localPath(NEWEST_PRESUBMIT) }],
    [
      localPath(`${NEWEST_PRESUBMIT}/build-log.txt`),
      { kind: 'file', path: localPath(`${NEWEST_PRESUBMIT}/build-log.txt`) },
    ],
  ])('%s', (ref, expected) => {
    expect(parseRef(ref, hosts)).toEqual(expected);
  });

  it('takes GitHub Actions URLs from a GitHub Enterprise host', () => {
    const ghes = { ...hosts, githubWebUrl: 'https://ghe.example.test' };

    expect(parseRef('https://ghe.example.test/o/r/actions/runs/7', ghes)).toMatchObject({ kind: 'actions', runId: 7 });
  });
});

describe('parseRef rejects', () => {
  it.each([
    ['s3://bucket/logs/j/1', 'unsupported-ref', /unknown URL scheme/],
    ['gs://bucket-only', 'unsupported-ref', /needs a bucket and a run path/],
    ['https://example.test/some/page', 'unsupported-ref', /not a Prow, GCS or GitHub Actions run URL/],
    ['https://prow.example.test/job-history/gs/b/logs/j', 'unsupported-ref', /not a \/view\/gs\/ run page/],
    ['https://ghe.example.test/o/r/actions/runs/7', 'unsupported-ref', /configured GitHub is https:\/\/github\.com/],
    ['https://github.com/o/r/pull/12', 'unsupported-ref', /not a Prow, GCS or GitHub Actions run URL/],
    ['https://storage.googleapis.com/only-bucket', 'unsupported-ref', /names no bucket and run path/],
    ['no/such/folder', 'not-found', /does not exist/],
  ])('%s', (ref, code, message) => {
    let caught: unknown;

    try {
      parseRef(ref, hosts);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(IngestError);
    expect(caught).toMatchObject({ code, permanent: true, message: expect.stringMatching(message) });
    expect((caught as Error).message).toContain('accepted: a local Prow run folder or log file');
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe('resolveSource', () => {
  it('gives each source a readable location', () => {
    const file = localPath(`${NEWEST_PRESUBMIT}/build-log.txt`);

    expect(resolveSource('-').location).toBe('-');
    expect(resolveSource(file).location).toBe(file);
    expect(resolveSource(localPath(NEWEST_PRESUBMIT)).location).toBe(localPath(NEWEST_PRESUBMIT));
    expect(resolveSource(`https://prow.k8s.io/view/gs/${BUCKET}/logs/j/1`).location).toBe(`gs://${BUCKET}/logs/j/1`);
    expect(resolveSource('https://github.com/o/r/actions/runs/5/job/6', { octokit }).location).toBe(
      'https://github.com/o/r/actions/runs/5/job/6',
    );
  });

  it('needs an Octokit for GitHub Actions refs', () => {
    expect(() => resolveSource('https://github.com/o/r/actions/runs/5')).toThrow(
      expect.objectContaining({ code: 'github-not-configured', permanent: true }),
    );
  });

  it('reads a loose run folder outside a bucket layout, without history', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ingest-loose-')), 'ci-job', '42');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'build-log.txt'), 'hello\n');
    writeFileSync(path.join(dir, 'finished.json'), '');
    const source = resolveSource(dir);

    const evidence = await source.load();

    expect(evidence.info).toMatchObject({
      job: 'ci-job',
      buildId: '42',
      url: null,
      result: 'UNKNOWN',
      jobType: 'periodic',
    });
    expect(evidence.problems).toEqual([
      'prowjob.json is missing: job type, env, labels and image are unknown',
      'started.json is missing: start time and tested commit are unknown',
      'finished.json is empty',
    ]);
    expect(evidence.logs.map((log) => log.name)).toEqual(['build-log.txt']);
    await expect(source.history()).resolves.toBeNull();
  });
});
