import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunUrl } from '../../src/github-app/index.ts';
import { parseRef } from '../../src/ingest/index.ts';
import { createGcsStore } from '../../src/ingest/objects/gcs-store.ts';
import { parseSlackAccess } from '../../src/slack/access.ts';
import { parseTriageCommand } from '../../src/slack/parse-triage-command.ts';
import { parseWatchTarget } from '../../src/watch/index.ts';
import { blocksText, responseUrl, slackConfig, startSlackHarness } from '../fixtures/slack/slack-harness.ts';
import type { Harness } from '../fixtures/slack/slack-harness.ts';
import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import { commandBody, postSigned } from '../fixtures/slack/slack-requests.ts';

// Slack requests from the wrong time or the wrong channel, and refs that climb out of their bucket.

describe('Slack /triage under hostile input', () => {
  let dir: string;
  let store: SlackTestStore;
  let h: Harness;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-slack-sec-'));
    store = openSlackTestStore(join(dir, 'store.db'));
    h = await startSlackHarness(store, {
      config: slackConfig({ access: parseSlackAccess('C0CAPI001=kubernetes-sigs/cluster-api') }),
    });
  });

  afterEach(async () => {
    await h.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses requests timestamped ten minutes in the future or the past', async () => {
    const now = Math.floor(Date.now() / 1000);

    const future = await postSigned(h.url, commandBody('help', '/commands/T0TEAM001/1/f'), { timestamp: now + 600 });
    const past = await postSigned(h.url, commandBody('help', '/commands/T0TEAM001/1/p'), { timestamp: now - 600 });
    const fresh = await postSigned(h.url, commandBody('help', '/commands/T0TEAM001/1/n'), { timestamp: now + 60 });

    expect([future.status, past.status, fresh.status]).toEqual([401, 401, 200]);
  });

  it('answers "not allowed" for a PR of a repository the channel may not see, before any lookup', async () => {
    const answer = responseUrl('/commands/T0TEAM001/2/deny');

    const ack = await postSigned(
      h.url,
      commandBody('kubernetes-csi/csi-proxy#369', '/commands/T0TEAM001/2/deny', 'C0CIWIN01'),
    );
    const text = blocksText(await answer);

    expect(ack.status).toBe(200);
    expect(text).toContain('Not allowed: kubernetes-csi/csi-proxy cannot be triaged from this channel');
    expect(h.engine.requests).toEqual([]);
  });

  it('strips NUL and U+202E from what it echoes', async () => {
    const ack = await postSigned(h.url, commandBody('bad\u202enam\u0000e!', '/commands/T0TEAM001/3/x'));

    expect(ack.body).not.toMatch(/\u202e|\\u202e|\u0000|\\u0000/);
  });
});

describe('traversal refs are refused by every parser', () => {
  const hosts = {
    gcsUrl: 'https://storage.googleapis.com',
    prowUrls: ['https://prow.k8s.io'],
    githubWebUrl: 'https://github.com',
    cwd: '/',
  };
  const runUrls = { prowUrls: ['https://prow.k8s.io'], webUrl: 'https://github.com' };
  const refs = [
    'gs://demo-ci-logs/../../probe/logs/j/1',
    'gs://demo-ci-logs/logs/./j/1',
    'https://prow.k8s.io/view/gs/demo-ci-logs/..%2F..%2Fprobe/logs/j/1',
    'https://prow.k8s.io/view/gs/demo-ci-logs/%2e%2e/probe/logs/j/1',
    'https://storage.googleapis.com/demo-ci-logs/logs/..%2f..%2fx/1',
  ];

  it.each(refs)('parseRef refuses %s', (ref) => {
    expect(() => parseRef(ref, hosts)).toThrow(/may not hold \. or \.\.|not a Prow|names no bucket/);
  });

  it.each(refs)('parseRunUrl refuses %s', (ref) => {
    expect(parseRunUrl(ref, runUrls)).toBeNull();
  });

  it('parseWatchTarget and the GCS store refuse them too', async () => {
    expect(parseWatchTarget('gs://demo-ci-logs/logs/../x').ok).toBe(false);
    const store = createGcsStore('demo-ci-logs', {
      client: {
        readSmall: async () => {
          throw new Error('no request may be made');
        },
        openStream: async () => null,
      } as never,
      gcsUrl: 'https://storage.googleapis.com',
      listPageSize: 10,
      maxListPages: 1,
    });

    await expect(
      Promise.resolve().then(() => store.readSmall('../../probe/logs/j/1/prowjob.json', 100)),
    ).rejects.toThrow(/may not hold \. or \.\./);
  });

  it('a /triage link that climbs out is refused when its ref is read', () => {
    const cmd = parseTriageCommand('gs://demo-ci-logs/../../probe/logs/j/1', { defaultDigestLength: '24h' });

    expect(cmd.kind).toBe('run');
    expect(() => parseRef(cmd.kind === 'run' ? cmd.source : '', hosts)).toThrow(/may not hold/);
  });
});
