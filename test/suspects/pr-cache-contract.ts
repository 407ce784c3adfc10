// The behaviour every PrCache must have; the SQLite store's tests call this with their own factory:
//   describePrCacheContract('SqlitePrCache', async () => new SqlitePrCache(openTestDb()));
import type { PrCache, PrFile, PullSummary } from '../../src/suspects/index.ts';

const FILES: PrFile[] = [
  {
    filename: 'config/jobs/a.yaml',
    status: 'removed',
    changes: 165,
    patch: '@@ -1,2 +0,0 @@\n-presets:\n-- labels:',
    previousFilename: null,
  },
  { filename: 'big.bin', status: 'modified', changes: 9000, patch: null, previousFilename: 'old.bin' },
];

const PULLS: PullSummary[] = [
  {
    number: 34103,
    title: '[sig-windows] Remove failing GCE jobs',
    url: 'https://github.com/kubernetes/test-infra/pull/34103',
    author: 'jsturtevant',
    authorType: 'User',
    mergedAt: '2025-01-08T19:08:31Z',
  },
  {
    number: 34001,
    title: 'Update images ✨ "quoted"',
    url: 'u',
    author: null,
    authorType: null,
    mergedAt: '2024-12-18T22:02:09Z',
  },
];

export function describePrCacheContract(name: string, makeCache: () => PrCache | Promise<PrCache>): void {
  describe(`${name} (PrCache contract)`, () => {
    it('returns null for files and lists it never stored', async () => {
      const cache = await makeCache();

      expect(await cache.getFiles('o/r', 1)).toBeNull();
      expect(await cache.getList('pulls:o/r@main:a..b')).toBeNull();
    });

    it('returns the files stored for a PR, null patches and empty lists included', async () => {
      const cache = await makeCache();

      await cache.putFiles('kubernetes/test-infra', 34103, FILES);
      await cache.putFiles('kubernetes/test-infra', 1, []);

      expect(await cache.getFiles('kubernetes/test-infra', 34103)).toEqual(FILES);
      expect(await cache.getFiles('kubernetes/test-infra', 1)).toEqual([]);
    });

    it('keeps PRs of different repositories and numbers apart', async () => {
      const cache = await makeCache();

      await cache.putFiles('a/x', 7, FILES.slice(0, 1));
      await cache.putFiles('b/x', 7, FILES.slice(1));

      expect(await cache.getFiles('a/x', 7)).toEqual(FILES.slice(0, 1));
      expect(await cache.getFiles('b/x', 7)).toEqual(FILES.slice(1));
      expect(await cache.getFiles('a/x', 8)).toBeNull();
    });

    it('stores listings by key and replaces them on a second put', async () => {
      const cache = await makeCache();

      await cache.putList('k1', PULLS);
      await cache.putList('k2', []);
      await cache.putList('k1', PULLS.slice(1));

      expect(await cache.getList('k1')).toEqual(PULLS.slice(1));
      expect(await cache.getList('k2')).toEqual([]);
    });

    it('is not changed by mutating what was put or got', async () => {
      const cache = await makeCache();
      const files = FILES.map((f) => ({ ...f }));

      await cache.putFiles('o/r', 2, files);
      files[0]!.patch = 'changed';
      const got = await cache.getFiles('o/r', 2);
      got![1]!.status = 'changed';

      expect(await cache.getFiles('o/r', 2)).toEqual(FILES);
    });
  });
}
