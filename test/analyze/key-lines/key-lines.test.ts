import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyRun, keyLinesOf } from '../../../src/analyze/index.ts';
import { KEY_LINES_ID } from '../../../src/analyze/key-lines/index.ts';
import type { KeyLineState } from '../../../src/analyze/key-lines/index.ts';
import { lines, observeText, shippedCatalog } from '../support.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'logs', 'key-lines');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const NOISE = 'fatal: No names found, cannot describe anything.';

describe('key lines against the last green run', () => {
  // https://github.com/entireio/cli/actions/runs/22672121228: the build's `git describe` complaint is
  // printed by every run; the failed assertion is new.
  it('demotes the error line the green run printed too below the new ones', async () => {
    const red = await observeText(fixture('entireio-cli-e2e.red.log'));
    const green = await observeText(fixture('entireio-cli-e2e.green.log'), { info: { result: 'SUCCESS' } });

    const alone = keyLinesOf(red, null, []);
    const against = keyLinesOf(red, green, []);

    const rank = (ks: typeof alone, text: string): number => ks.findIndex((k) => k.text.includes(text));
    // Without a baseline the noise outranks a line that names the failing test...
    expect(rank(alone, NOISE)).toBeLessThan(
      rank(alone, '=== FAIL: e2e/tests TestLineAttributionReasonable/cursor-cli'),
    );
    expect(alone.every((k) => k.new === undefined)).toBe(true);
    // ...against the green run it comes last, marked old, and the assertion that failed is near the top.
    expect(against.at(-1)).toMatchObject({ line: 10, new: false });
    expect(against.slice(0, -1).every((k) => k.new === true)).toBe(true);
    expect(rank(against, 'Error:      \tShould NOT be empty, but was []')).toBeLessThan(3);
  });

  it('gives the line of the first occurrence of a repeated error and the line as logged', async () => {
    const red = await observeText(fixture('entireio-cli-e2e.red.log'));

    const keyLines = keyLinesOf(red, null, []);

    const assertion = keyLines.filter((k) => k.text.endsWith('Should NOT be empty, but was []'));
    expect(assertion).toEqual([expect.objectContaining({ artifact: 'build-log.txt', line: 17 })]);
    expect(assertion[0]!.text.startsWith('2026-03-04T13:56:13.0917858Z')).toBe(true);
  });
});

describe('key lines without a baseline', () => {
  // https://github.com/cs3org/reva/issues/942 (Drone): the last error before make gave up counts most.
  it('ranks the error just above the exit line first', async () => {
    const obs = await observeText(
      lines(
        '# google.golang.org/protobuf/internal/impl',
        'compile: writing output: write $WORK/b164/_pkg_.a: no space left on device',
        '# github.com/mattn/go-sqlite3',
        'sqlite3-binding.c:228449:1: fatal error: error writing to /tmp/ccF82QmE.s: No space left on device',
        ' SQLITE_API const char *sqlite3_sourceid(void){ return SQLITE_SOURCE_ID; }',
        'compilation terminated.',
        'make: *** [Makefile:54: build-ci] Error 2',
      ),
    );

    const keyLines = keyLinesOf(obs, null, []);

    expect(keyLines.map((k) => k.line)).toEqual([4, 2, 7]);
    expect(keyLines[0]!.score).toBeGreaterThan(keyLines[1]!.score!);
  });

  it('is empty for a green run and fewer when a finding explains the failure', async () => {
    // https://github.com/jareware/docker-volume-backup/issues/55: docker's not-found wording (npm wrapper lines added)
    const log = lines(
      'docker pull jareware/docker-volume-backup',
      'Using default tag: latest',
      'Error response from daemon: manifest for jareware/docker-volume-backup:latest not found: manifest unknown: manifest unknown',
      'Error: Process completed with exit code 1.',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1',
      'npm ERR! A complete log of this run can be found in: /root/.npm/_logs/debug.log',
    );
    const green = await observeText(log, { info: { result: 'SUCCESS' } });
    const red = await observeText(log);
    const findings = classifyRun(red, null, await shippedCatalog());

    expect(keyLinesOf(green, null, [])).toEqual([]);
    expect(findings[0]?.classifier).toBe('image-pull-manifest');
    expect(keyLinesOf(red, null, findings)).toHaveLength(3);
    expect(keyLinesOf(red, null, []).length).toBeGreaterThan(3);
    expect(keyLinesOf(red, null, findings)[0]!.line).toBe(3);
  });
});

describe('key lines in a long log', () => {
  const filler = (n: number): string =>
    Array.from({ length: n }, (_, i) => `  INFO: Waiting for machine worker-${i} to be provisioned`).join('\n');

  it('finds errors past the head in the tail window and through the long triggers, with bounded state', async () => {
    const log = [
      filler(3000),
      ...Array.from({ length: 500 }, (_, i) => `error: noisy failure number ${i} in pod-${i}-x${i}y`),
      filler(3000),
      'Traceback (most recent call last):',
      filler(3000),
      "KeyError: 'PUBLISH_TOKEN'",
      '##[error]Process completed with exit code 1.',
      '',
    ].join('\n');

    const obs = await observeText(log, { limits: { headLines: 100, tailBytes: 4096 } });
    const keyLines = keyLinesOf(obs, null, []);
    const state = obs.observers[KEY_LINES_ID] as KeyLineState;

    // `error:` lines in the middle are outside the head and the tail and trigger nothing: not seen.
    expect(keyLines.some((k) => k.text.startsWith('error: noisy'))).toBe(false);
    expect(keyLines[0]).toMatchObject({ line: 9502, text: "KeyError: 'PUBLISH_TOKEN'" });
    expect(keyLines.map((k) => k.line)).toContain(6501);
    expect(state.top.length).toBeLessThanOrEqual(48);
    expect(Object.values(state.recent).flat().length).toBeLessThanOrEqual(12);
  });

  it('keeps at most its caps of lines whatever the number of error lines', async () => {
    // Distinct after normalisation (numbers would all become 0): the index spelled in letters.
    const word = (i: number): string =>
      [...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    const log = Array.from({ length: 20_000 }, (_, i) => `Error: failure of request ${word(i)}`).join('\n');

    const obs = await observeText(log, { limits: { headLines: 30_000, headBytes: 16 * 1024 * 1024 } });
    const state = obs.observers[KEY_LINES_ID] as KeyLineState;

    expect(state.top.length).toBe(48);
    expect(state.seenCount).toBeLessThanOrEqual(4000);
    expect(JSON.stringify(state).length).toBeLessThan(200_000);
    expect(keyLinesOf(obs, null, [])[0]!.line).toBe(20_000);
  });
});
