import { createCliProgress, readLine } from '../../src/cli/progress.ts';

const MB = 1024 * 1024;

describe('CLI progress', () => {
  it('redraws one line in place on a terminal and clears it at the end', () => {
    const written: string[] = [];
    const p = createCliProgress({ write: (t) => written.push(t), tty: true, now: () => 0 });

    p.step('finding the job history');
    p.end();

    expect(written).toEqual(['\r\u001b[Kfinding the job history', '\r\u001b[K']);
  });

  it('reports large log reads as bytes of total and MB/s, throttled, with the last read always shown', () => {
    const written: string[] = [];
    let t = 0;
    const p = createCliProgress({ write: (text) => written.push(text), tty: false, now: () => t });

    p.read('build-log.txt', 1 * MB, 40 * MB); // small so far: not worth a line
    t = 1000;
    p.read('build-log.txt', 10 * MB, 40 * MB);
    t = 1100;
    p.read('build-log.txt', 11 * MB, 40 * MB); // within the throttle window
    t = 2000;
    p.read('build-log.txt', 40 * MB, 40 * MB); // finished: shown

    expect(written).toEqual([
      'ci-triage: reading build-log.txt: 10.0 MB of 40.0 MB (10.0 MB/s)\n',
      'ci-triage: reading build-log.txt: 40.0 MB of 40.0 MB (20.0 MB/s)\n',
    ]);
  });

  it('names each request a wrapped fetch makes, without its query', async () => {
    const written: string[] = [];
    const p = createCliProgress({ write: (t) => written.push(t), tty: false });
    const fetched: string[] = [];
    const fetchFn = p.wrapFetch((async (input: string) => {
      fetched.push(input);
      return new Response('ok');
    }) as typeof fetch);

    await fetchFn('https://storage.googleapis.com/b/o?alt=media&token=secret');

    expect(fetched).toEqual(['https://storage.googleapis.com/b/o?alt=media&token=secret']);
    expect(written).toEqual(['ci-triage: fetching storage.googleapis.com/b/o\n']);
  });

  it.each([
    [5 * MB, null, 0, 'reading x.log: 5.0 MB'],
    [5 * MB, 10 * MB, 500, 'reading x.log: 5.0 MB of 10.0 MB (10.0 MB/s)'],
  ])('formats %d bytes of %s', (bytes, total, ms, line) => {
    expect(readLine('x.log', bytes, total, ms)).toBe(line);
  });
});
