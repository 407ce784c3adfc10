import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RunEvidence, RunSource } from '../types.ts';
import { describeError, IngestError } from './errors.ts';
import { minimalRunInfo } from './file-source.ts';

export interface StdinSourceOptions {
  input: AsyncIterable<Uint8Array | string>;
  tmpDir?: string;
}

/**
 * The `-` ref. Stdin can be read once, but open() must be re-callable, so the first open() spools it to a
 * temporary file (streamed, never held in memory) and every open() reads that file.
 */
export function createStdinSource(options: StdinSourceOptions): RunSource {
  let spooled: Promise<string> | null = null;
  const spool = () => (spooled ??= spoolToFile(options.input, options.tmpDir ?? tmpdir()));
  return {
    location: '-',
    async load(): Promise<RunEvidence> {
      const logs = [
        {
          name: 'stdin',
          size: null,
          open: async () => createReadStream(await spool()) as AsyncIterable<Uint8Array>,
        },
      ];
      return { info: minimalRunInfo('stdin'), logs, podInfo: null, problems: [] };
    },
    history: async () => null,
  };
}

async function spoolToFile(input: AsyncIterable<Uint8Array | string>, tmpDir: string): Promise<string> {
  try {
    const dir = await mkdtemp(path.join(tmpDir, 'ci-triage-stdin-'));
    const file = path.join(dir, 'stdin.log');
    // The spool is ours to clean up; nothing else knows it exists.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await pipeline(Readable.from(input), createWriteStream(file));
    return file;
  } catch (error) {
    throw new IngestError('read-failed', `could not read stdin: ${describeError(error)}`, { cause: error });
  }
}
