import { open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { IngestError } from '../errors.ts';
import type { SmallBody } from '../http/http-client.ts';
import { parseGsUrl, type Listing, type ObjectStore, type StoredObject } from './object-store.ts';

// A runaway tree (a whole disk) must not be walked forever.
const MAX_WALK = 200_000;
// Reads of 1 MiB: with the 64 KiB default, stream overhead alone costs ~1.6 s of CPU per GB scanned.
const READ_BYTES = 1 << 20;

/** A folder on disk seen as a bucket; when `bucketRooted`, sibling folders are other buckets. */
export function createLocalStore(root: string, bucketRooted: boolean): ObjectStore {
  const fileOf = (key: string) => path.join(root, ...key.split('/').filter((part) => part !== ''));
  const store: ObjectStore = {
    bucket: bucketRooted ? path.basename(root) : null,
    bucketRooted,
    describe: (key) => fileOf(key),
    readSmall: (key, maxBytes) => readHead(fileOf(key), maxBytes),
    open: (key) => openFile(fileOf(key)),
    list: (prefix) => {
      const { folder, start } = splitPrefix(prefix);
      return listLevel(fileOf(folder), folder, start);
    },
    async listAll(prefix, limit) {
      const { folder } = splitPrefix(prefix);
      const walked: StoredObject[] = [];
      await walk(fileOf(folder), folder, walked);
      const found = walked.filter((object) => object.key.startsWith(prefix)).sort((a, b) => compareKeys(a.key, b.key));
      return {
        objects: found.slice(0, limit),
        prefixes: [],
        truncated: found.length > limit || walked.length >= MAX_WALK,
      };
    },
    locate(gsUrl) {
      const parsed = parseGsUrl(gsUrl);
      if (parsed === null || !bucketRooted) return null;
      if (parsed.bucket === store.bucket) return { store, key: parsed.path };
      return { store: createLocalStore(path.join(path.dirname(root), parsed.bucket), true), key: parsed.path };
    },
  };
  return store;
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readHead(file: string, maxBytes: number): Promise<SmallBody | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw readFailed(file, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return null;
    const size = info.size;
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead), truncated: size > maxBytes };
  } catch (error) {
    throw readFailed(file, error);
  } finally {
    await handle.close();
  }
}

async function openFile(file: string): Promise<AsyncIterable<Uint8Array>> {
  // Opening first turns a missing file into a clear error now rather than mid-iteration.
  try {
    const handle = await open(file, 'r');
    return readChunks(handle);
  } catch (error) {
    if (isMissing(error)) throw new IngestError('not-found', `${file} does not exist`, { cause: error });
    throw readFailed(file, error);
  }
}

/**
 * The file in chunks read into two reused buffers (ObjectStore.open: a chunk is valid until the next is
 * asked for), the next read under way while the caller works on a chunk. A fresh buffer per read cost
 * an allocation, fresh pages to fault in and external-memory GC for every MiB.
 */
async function* readChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  let spare: Buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  let position = 0;
  const readInto = (buffer: Buffer) => handle.read(buffer, 0, READ_BYTES, position);
  let pending: ReturnType<typeof readInto> | null = readInto(Buffer.allocUnsafeSlow(READ_BYTES));
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = null;
      if (bytesRead === 0) return;
      position += bytesRead;
      pending = readInto(spare);
      spare = buffer;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // An early stop (a byte cap) leaves a read in flight: let it land before closing the file.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/** `logs/job/188` -> folder `logs/job/`, names starting with `188`. */
function splitPrefix(prefix: string): { folder: string; start: string } {
  const cut = prefix.lastIndexOf('/') + 1;
  return { folder: prefix.slice(0, cut), start: prefix.slice(cut) };
}

async function listLevel(dir: string, prefix: string, start: string): Promise<Listing> {
  const entries = (await readdirOrEmpty(dir)).filter((entry) => entry.name.startsWith(start));
  const objects: StoredObject[] = [];
  const prefixes: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) prefixes.push(`${prefix}${entry.name}/`);
    else if (entry.isFile())
      objects.push({ key: `${prefix}${entry.name}`, size: await sizeOf(path.join(dir, entry.name)) });
  }
  objects.sort((a, b) => compareKeys(a.key, b.key));
  prefixes.sort(compareKeys);
  return { objects, prefixes, truncated: false };
}

async function walk(dir: string, prefix: string, found: StoredObject[]): Promise<void> {
  const entries = (await readdirOrEmpty(dir)).sort((a, b) => compareKeys(a.name, b.name));
  for (const entry of entries) {
    if (found.length >= MAX_WALK) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, `${prefix}${entry.name}/`, found);
    else if (entry.isFile()) found.push({ key: `${prefix}${entry.name}`, size: await sizeOf(full) });
  }
}

async function readdirOrEmpty(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw readFailed(dir, error);
  }
}

async function sizeOf(file: string): Promise<number | null> {
  return stat(file).then(
    (s) => s.size,
    () => null,
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR';
}

function readFailed(file: string, error: unknown): IngestError {
  const detail = error instanceof Error ? error.message : String(error);
  return new IngestError('read-failed', `could not read ${file}: ${detail}`, { cause: error });
}
