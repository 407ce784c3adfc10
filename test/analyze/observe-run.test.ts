import { classifyRun, observeRun } from '../../src/analyze/index.ts';
import type { RunObservations } from '../../src/analyze/index.ts';
import { countNewlines } from '../../src/analyze/scan/artifact-scanner.ts';
import type { RuleState } from '../../src/analyze/catalog/rule-observer.ts';
import { bytesArtifact, evidence, lines, observeText, shippedCatalog, textArtifact } from './support.ts';

const GO_FAIL = 'rule:go-test-failure';

function hitLines(obs: RunObservations, id = GO_FAIL): number[] {
  const state = obs.observers[id] as RuleState;
  return state.hits.flatMap((h) => h.evidence.map((e) => e.line));
}

// 12 lines; the failures are on lines 3, 7 and 12 (the last one has no line break).
const LOG = [
  'starting',
  '=== RUN   TestA',
  '--- FAIL: TestA (0.01s)',
  'ünïcödé line with multi-byte characters • ✗ 🖼',
  'windows line\r',
  '',
  '--- FAIL: TestB (0.20s)',
  'x'.repeat(300),
  'ok  \tpkg\t0.1s',
  'more',
  'FAIL',
  '--- FAIL: TestC (1.00s)',
].join('\n');

describe('observeRun line numbers', () => {
  it.each([1, 2, 3, 7, 64, 1000, 100_000])('are exact with %i-byte chunks', async (chunk) => {
    const obs = await observeText(LOG, { chunk });

    expect(hitLines(obs)).toEqual([3, 7, 12]);
    expect(obs.artifacts[0]).toMatchObject({ name: 'build-log.txt', lines: 12, complete: true });
  });

  it('are exact past the head, where only the prefilter looks', async () => {
    const filler = Array.from({ length: 500 }, (_, i) => `filler line ${i}`);
    const text = lines(...filler, '--- FAIL: TestLate (0.1s)', ...filler);

    const obs = await observeText(text, { chunk: 333, limits: { headLines: 10 } });

    expect(hitLines(obs)).toEqual([501]);
    expect(obs.artifacts[0]!.lines).toBe(1001);
  });

  it('are counted per artifact', async () => {
    const catalog = await shippedCatalog();
    const logs = [
      textArtifact('a.log', lines('x', '--- FAIL: TestA')),
      textArtifact('b.log', lines('--- FAIL: TestB')),
    ];

    const obs = await observeRun(evidence(logs), catalog);

    const state = obs.observers[GO_FAIL] as RuleState;
    expect(state.hits.map((h) => [h.evidence[0]!.artifact, h.evidence[0]!.line])).toEqual([
      ['a.log', 2],
      ['b.log', 1],
    ]);
  });
});

describe('observeRun on bad input', () => {
  it('handles an empty log', async () => {
    const obs = await observeText('');

    expect(obs.artifacts[0]).toMatchObject({ bytes: 0, lines: 0, complete: true });
    expect(obs.problems).toEqual([]);
  });

  it('skips a binary log with a problem note', async () => {
    const bytes = new Uint8Array(20_000).map((_, i) => (i % 3 === 0 ? 0 : 65));
    const catalog = await shippedCatalog();

    const obs = await observeRun(evidence([bytesArtifact('build-log.txt', bytes, { chunk: 4096 })]), catalog);

    expect(obs.problems).toEqual([expect.stringMatching(/^build-log\.txt: looks binary/)]);
    expect(obs.artifacts[0]!.lines).toBe(0);
  });

  it('decodes invalid UTF-8 with replacement characters and keeps counting', async () => {
    const enc = (x: string): number[] => [...new TextEncoder().encode(x)];
    const bytes = new Uint8Array([
      ...enc('bad '),
      0xff,
      0xfe,
      ...enc(' bytes here\n'),
      0xc3,
      0x28,
      ...enc(' more text\n--- FAIL: TestX\n'),
    ]);
    const catalog = await shippedCatalog();

    const obs = await observeRun(evidence([bytesArtifact('build-log.txt', bytes, { chunk: 3 })]), catalog);

    expect(hitLines(obs)).toEqual([3]);
    expect(obs.digest.map((d) => d.text)).toEqual([
      'bad \uFFFD\uFFFD bytes here',
      '\uFFFD( more text',
      '--- FAIL: TestX',
    ]);
  });

  it('cuts a 1 MB single line and goes on counting', async () => {
    const text = `${'a'.repeat(1024 * 1024)} --- FAIL: Hidden\n--- FAIL: TestAfter\n`;

    const obs = await observeText(text, { chunk: 65_536 });

    expect(hitLines(obs)).toEqual([2]);
    expect(obs.problems).toEqual(['build-log.txt: 1 line(s) longer than 16.0 KiB were cut']);
  });

  it('keeps what an erroring stream delivered and says so', async () => {
    const catalog = await shippedCatalog();
    const log = textArtifact('build-log.txt', lines('--- FAIL: TestA', 'partial'), {
      chunk: 5,
      failWith: new Error('ECONNRESET'),
    });

    const obs = await observeRun(evidence([log]), catalog);

    expect(hitLines(obs)).toEqual([1]);
    expect(obs.problems).toEqual([
      expect.stringContaining('build-log.txt: reading failed after 24 bytes (ECONNRESET)'),
    ]);
    expect(obs.artifacts[0]!.complete).toBe(false);
  });

  it('notes a log that could not be opened', async () => {
    const catalog = await shippedCatalog();
    const log = { name: 'gone.log', size: null, open: () => Promise.reject(new Error('404 Not Found')) };

    const obs = await observeRun(evidence([log]), catalog);

    expect(obs.problems).toEqual(['gone.log: reading failed after 0 bytes (404 Not Found); analysed what was read']);
  });

  it('notes a stream that ended before its declared size', async () => {
    const catalog = await shippedCatalog();

    const obs = await observeRun(evidence([textArtifact('build-log.txt', 'short\n', { size: 1000 })]), catalog);

    expect(obs.problems).toEqual(['build-log.txt: truncated: read 6 bytes of 1000 bytes']);
  });

  it('stops at the per-artifact byte cap', async () => {
    const text = lines('--- FAIL: TestEarly', 'x'.repeat(5000), '--- FAIL: TestLate');

    const obs = await observeText(text, { chunk: 100, limits: { maxBytesPerArtifact: 2000 } });

    expect(hitLines(obs)).toEqual([1]);
    expect(obs.problems).toEqual(['build-log.txt: only the first 2.0 KiB were scanned (byte cap)']);
  });

  it('skips artifacts once the run byte cap is spent', async () => {
    const catalog = await shippedCatalog();
    const logs = [textArtifact('a.log', 'y'.repeat(3000)), textArtifact('b.log', '--- FAIL: TestB\n')];

    const obs = await observeRun(evidence(logs), catalog, { maxBytesPerRun: 3000 });

    expect(obs.problems).toEqual(["b.log: not scanned: the run's byte cap (2.9 KiB) was reached"]);
    expect(hitLines(obs)).toEqual([]);
  });

  it('switches off an observer that throws and keeps the others going', async () => {
    const catalog = await shippedCatalog();
    const base = catalog.rules.find((r) => r.id === 'no-space-left')!;
    const broken = {
      ...base,
      id: 'broken',
      patterns: [
        {
          exec: () => {
            throw new Error('boom');
          },
        } as unknown as RegExp,
      ],
    };
    const log = textArtifact(
      'build-log.txt',
      lines('no space left on device', '--- FAIL: TestA', 'no space left on device'),
    );

    const obs = await observeRun(evidence([log]), { rules: [broken, ...catalog.rules], files: [] });

    expect(obs.problems).toEqual(['rule:broken stopped at build-log.txt:1: boom']);
    expect(hitLines(obs)).toEqual([2]);
    // The go test observer kept going (line 2 above); its failed test defers to the disk-full cause.
    expect(classifyRun(obs, null, catalog).map((f) => f.classifier)).toEqual(['rule:no-space-left']);
  });

  it('gives findings from a partial result without throwing', async () => {
    const catalog = await shippedCatalog();
    const log = textArtifact('build-log.txt', lines('no space left on device'), { failWith: new Error('boom') });

    const obs = await observeRun(evidence([log]), catalog);

    expect(classifyRun(obs, null, catalog).map((f) => f.classifier)).toEqual(['rule:no-space-left']);
  });
});

describe('observeRun head', () => {
  it('reads the Environment block and keeps its lines out of the digest', async () => {
    const text = lines(
      'starts with local mode',
      'Environment:',
      'A_VAR=1',
      'JOB_SPEC={"a":1}',
      'Run: (kubetest)',
      'after',
    );

    const obs = await observeText(text);

    expect(obs.logEnv).toEqual({
      vars: { A_VAR: '1', JOB_SPEC: '{"a":1}' },
      artifact: 'build-log.txt',
      lines: { A_VAR: 3, JOB_SPEC: 4 },
    });
    expect(obs.digest.map((d) => d.text)).toEqual(['starts with local mode', 'Run: (kubetest)']);
  });

  it('keeps distinct normalised lines once, with the first line number', async () => {
    const text = lines(
      '2025/02/11 01:13:55 main.go:282: Running kubetest',
      '2025/02/12 09:00:00 main.go:282: Running kubetest',
      'Done cleaning up',
    );

    const obs = await observeText(text);

    expect(obs.digest.map((d) => [d.line, d.key])).toEqual([
      [1, '<ts> main.go:0: Running kubetest'],
      [3, 'Done cleaning up'],
    ]);
  });
});

describe('countNewlines', () => {
  it('counts line breaks at any alignment', () => {
    const bytes = new TextEncoder().encode('\na\n\n\nbcd\nefgh\n\n\n\n\nxyz\n');
    for (let from = 0; from < 8; from++) {
      for (let to = from; to <= bytes.length; to += 3) {
        const slow = bytes.subarray(from, to).filter((b) => b === 10).length;

        expect(countNewlines(bytes, from, to)).toBe(slow);
      }
    }
  });
});
