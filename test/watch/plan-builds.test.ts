import { gapListPrefix, parseLatestBuild, planWatch } from '../../src/watch/index.ts';

const B = (n: number) => `18900000000000${String(n).padStart(5, '0')}`;
const plan = (over: Partial<Parameters<typeof planWatch>[0]>) =>
  planWatch({ latest: null, lastSeen: null, unsettled: [], listed: [], max: 10, ...over });

describe('parseLatestBuild', () => {
  it.each([
    ['1890000000000000202', '1890000000000000202', 'a plain id'],
    ['1890000000000000202\n', '1890000000000000202', 'a trailing newline (gsutil cp writes one)'],
    ['', null, 'empty'],
    ['<html><body>Not Found</body></html>', null, 'an HTML error page'],
    ['1890000000000000202\n1890000000000000203', null, 'two ids'],
    ['-5', null, 'a negative number'],
    ['9'.repeat(40), null, 'absurdly long'],
  ] as [string, string | null, string][])('%j -> %j (%s)', (text, expected) => {
    expect(parseLatestBuild(text)).toBe(expected);
  });
});

describe('planWatch', () => {
  it('first tick: only the latest build, not the listed past', () => {
    expect(plan({ latest: B(9), listed: [B(1), B(5), B(9)] })).toEqual({ builds: [B(9)], skipped: [] });
  });

  it('nothing new when the latest is the last build seen, or older', () => {
    expect(plan({ latest: B(9), lastSeen: B(9) }).builds).toEqual([]);
    expect(plan({ latest: B(8), lastSeen: B(9) }).builds).toEqual([]);
  });

  it('takes the builds of the gap, oldest first, and never one already seen', () => {
    const result = plan({ latest: B(12), lastSeen: B(9), listed: [B(7), B(9), B(10), B(11), B(12)] });

    expect(result).toEqual({ builds: [B(10), B(11), B(12)], skipped: [] });
  });

  it('compares ids as numbers, not text', () => {
    expect(plan({ latest: '10', lastSeen: '9', listed: ['10', '9', '100'] }).builds).toEqual(['10', '100']);
  });

  it('bounds the catch-up to the newest builds and reports the ones left out', () => {
    const listed = Array.from({ length: 25 }, (_, i) => B(i + 1));

    const result = plan({ latest: B(25), lastSeen: B(0), listed, max: 10 });

    expect(result.builds).toEqual(listed.slice(15));
    expect(result.skipped).toEqual(listed.slice(0, 15));
  });

  it('looks again at unsettled builds (unfinished or abandoned claims) besides the new ones', () => {
    const result = plan({ latest: B(12), lastSeen: B(10), unsettled: [B(4), B(10)], listed: [B(11), B(12)] });

    expect(result.builds).toEqual([B(4), B(10), B(11), B(12)]);
  });

  it('bounds the revisits too, keeping the newest', () => {
    const unsettled = Array.from({ length: 15 }, (_, i) => B(i + 1));

    expect(plan({ latest: null, lastSeen: B(15), unsettled, max: 10 }).builds).toEqual(unsettled.slice(5));
  });

  it('with a malformed latest-build.txt (null) only revisits; ignores junk in listings', () => {
    expect(
      plan({ latest: null, lastSeen: B(3), unsettled: [B(3)], listed: ['latest-build.txt', B(4)] }).builds,
    ).toEqual([B(3), B(4)]);
    expect(plan({ latest: null }).builds).toEqual([]);
  });
});

describe('gapListPrefix', () => {
  it('lists the shared leading digits of the last seen and the latest build', () => {
    expect(gapListPrefix('1890000000000000101', '1890000000000000203')).toBe('1890000000000000');
  });

  it('lists nothing on the first tick, when nothing is new, or when the gap is too long to catch up', () => {
    expect(gapListPrefix(null, '1890000000000000203')).toBeNull();
    expect(gapListPrefix('1890000000000000203', '1890000000000000203')).toBeNull();
    expect(gapListPrefix('1890000000000000203', null)).toBeNull();
    expect(gapListPrefix('1790000000000000000', '1890000000000000203')).toBeNull();
    expect(gapListPrefix('99', '100')).toBeNull();
  });
});
