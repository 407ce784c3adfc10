import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { resolveSource } from '../../src/ingest/index.ts';
import { readText } from './ingest-helpers.ts';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'ingest-file-'));

describe('a single log file', () => {
  it('is one artifact named after the file, with minimal RunInfo and no history', async () => {
    const file = path.join(scratch(), 'e2e-run.log');
    writeFileSync(file, 'line one\nline two\n');
    const source = resolveSource(file);

    const evidence = await source.load();

    expect(evidence.info).toMatchObject({
      job: 'e2e-run',
      result: 'UNKNOWN',
      jobType: 'unknown',
      buildId: '',
      url: null,
    });
    expect(evidence.logs.map(({ name, size }) => ({ name, size }))).toEqual([{ name: 'e2e-run.log', size: 18 }]);
    expect(evidence.problems).toEqual([]);
    expect(evidence.podInfo).toBeNull();
    await expect(source.history()).resolves.toBeNull();
  });

  it('streams bytes as they are, binary included, on every open()', async () => {
    const file = path.join(scratch(), 'mixed.bin');
    const bytes = Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0x0a]);
    writeFileSync(file, bytes);
    const [log] = (await resolveSource(file).load()).logs;

    const collect = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of await log!.open()) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks);
    };

    expect(await collect()).toEqual(bytes);
    expect(await collect()).toEqual(bytes);
  });

  it('says when the file is empty', async () => {
    const file = path.join(scratch(), 'empty.txt');
    writeFileSync(file, '');

    const evidence = await resolveSource(file).load();

    expect(evidence.problems).toEqual(['empty.txt is empty']);
  });
});

describe('stdin', () => {
  it('streams a file of several reads whole, and closes it when the reader stops early', async () => {
    const file = path.join(scratch(), 'big.log');
    const bytes = Buffer.alloc(3.5 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(file, bytes);
    const [log] = (await resolveSource(file).load()).logs;
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();

    const chunks: Buffer[] = [];
    for await (const chunk of await log!.open()) chunks.push(Buffer.from(chunk));
    for await (const _ of await log!.open()) break;

    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(fds()).toBe(before);
  });

  it('reads the piped log once and replays it on later open() calls', async () => {
    const tmpDir = scratch();
    let reads = 0;
    async function* piped() {
      reads++;
      yield Buffer.from('first chunk\n');
      yield 'second chunk\n';
    }
    const source = resolveSource('-', { stdin: piped(), tmpDir });

    const evidence = await source.load();
    const first = await readText(evidence.logs[0]!);
    const second = await readText(evidence.logs[0]!);

    expect(evidence.info).toMatchObject({ job: 'stdin', result: 'UNKNOWN' });
    expect(first).toBe('first chunk\nsecond chunk\n');
    expect(second).toBe(first);
    expect(reads).toBe(1);
    expect(readdirSync(tmpDir)).toHaveLength(1);
    await expect(source.history()).resolves.toBeNull();
  });

  it('fails open() with a coded error when stdin breaks', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('EPIPE'));
      },
    });
    const { logs } = await resolveSource('-', { stdin: broken, tmpDir: scratch() }).load();

    const opening = logs[0]!.open();

    await expect(opening).rejects.toMatchObject({ code: 'read-failed', message: expect.stringContaining('EPIPE') });
  });
});
