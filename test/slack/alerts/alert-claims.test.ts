import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSlackTestStore } from '../../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../../fixtures/slack/slack-store.ts';

// The store's alert claims: what makes "post once, then thread" hold across instances and restarts.

const KEY = {
  channel: 'C0CAPI001',
  job: 'periodic-cluster-api-e2e-latestk8s-main',
  fingerprint: 'image-pull-manifest|kindest/node:<version>',
};
const claim = (buildId: string, owner = 'a', staleMs = 60_000) => ({ ...KEY, buildId, owner, staleMs });

describe('alert claims in the store', () => {
  let dir: string;
  let now: Date;
  let store: SlackTestStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-alerts-'));
    now = new Date('2025-02-12T09:30:00Z');
    store = openSlackTestStore(join(dir, 'store.db'), () => now);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the parent to the first claimer, threads later runs, and refuses the same run twice', async () => {
    expect(await store.claimAlert(claim('1'))).toEqual({ kind: 'parent' });
    await store.completeAlertParent(KEY, 'a', '1739350000.000100');

    expect(await store.claimAlert(claim('2', 'b'))).toEqual({ kind: 'reply', ts: '1739350000.000100' });
    expect(await store.claimAlert(claim('2', 'b'))).toEqual({ kind: 'duplicate' });
    expect((await store.listAlertThreads())[0]).toMatchObject({
      ...KEY,
      ts: '1739350000.000100',
      owner: 'a',
      occurrences: 2,
    });
  });

  it('tells a second instance to wait while the parent is being posted, and forgets its run so it can retry', async () => {
    await store.claimAlert(claim('1', 'a'));

    const other = openSlackTestStore(join(dir, 'store.db'), () => now);
    const waiting = await other.claimAlert(claim('2', 'b'));
    await store.completeAlertParent(KEY, 'a', '1739350000.000100');
    const retried = await other.claimAlert(claim('2', 'b'));
    await other.close();

    expect(waiting).toEqual({ kind: 'pending' });
    expect(retried).toEqual({ kind: 'reply', ts: '1739350000.000100' });
  });

  it('lets another instance take over a parent claim whose poster died', async () => {
    await store.claimAlert(claim('1', 'a'));
    now = new Date(now.getTime() + 61_000);

    const takeover = await store.claimAlert(claim('2', 'b'));
    await store.completeAlertParent(KEY, 'a', 'late-ts-from-a');
    await store.completeAlertParent(KEY, 'b', '1739350061.000200');

    expect(takeover).toEqual({ kind: 'parent' });
    expect((await store.listAlertThreads())[0]?.ts).toBe('1739350061.000200');
  });

  it('releases a failed post: the run can be alerted again and an unposted parent is dropped', async () => {
    await store.claimAlert(claim('1', 'a'));

    await store.releaseAlert({ ...KEY, buildId: '1', owner: 'a' });

    expect(await store.listAlertThreads()).toEqual([]);
    expect(await store.claimAlert(claim('1', 'a'))).toEqual({ kind: 'parent' });
  });

  it('keeps threads after a restart', async () => {
    await store.claimAlert(claim('1'));
    await store.completeAlertParent(KEY, 'a', '1739350000.000100');
    await store.close();

    store = openSlackTestStore(join(dir, 'store.db'), () => now);

    expect(await store.claimAlert(claim('2', 'restarted'))).toEqual({ kind: 'reply', ts: '1739350000.000100' });
  });
});
