import type { LogArtifact } from '../../types.ts';
import { describeError } from '../errors.ts';
import { mapLimit } from '../map-limit.ts';
import type { ObjectStore, StoredObject } from '../objects/object-store.ts';

const SNIFF_BYTES = 8 * 1024;
// Listing more than this many raw objects per run is not worth the time; text ones are capped separately.
const RAW_LISTING_FACTOR = 4;

const BINARY_EXTENSIONS = new Set([
  'gz',
  'tgz',
  'tar',
  'zip',
  'bz2',
  'xz',
  'zst',
  '7z',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'ico',
  'webp',
  'pdf',
  'bin',
  'exe',
  'dll',
  'so',
  'o',
  'a',
  'jar',
  'class',
  'pyc',
  'whl',
  'deb',
  'rpm',
  'iso',
  'img',
  'qcow2',
  'vhd',
  'vhdx',
  'raw',
  'db',
  'sqlite',
  'pcap',
  'pprof',
  'prof',
  'heap',
  'core',
  'wasm',
  'woff',
  'woff2',
  'ttf',
  'mp4',
  'webm',
  'journal',
  'evtx',
  'etl',
  'dmp',
]);
// Trusted without reading a byte, which saves one request per artifact over HTTP.
const TEXT_EXTENSIONS = new Set([
  'log',
  'txt',
  'json',
  'xml',
  'yaml',
  'yml',
  'out',
  'err',
  'html',
  'htm',
  'csv',
  'md',
  'ini',
  'conf',
  'cfg',
  'sh',
  'properties',
  'toml',
  'trace',
  'diff',
  'patch',
]);

export interface ArtifactSelection {
  logs: LogArtifact[];
  problems: string[];
}

/** Text artifacts under `<run>/artifacts/`, sorted, binaries skipped, at most `maxArtifacts`. */
export async function selectArtifacts(
  store: ObjectStore,
  runKey: string,
  maxArtifacts: number,
): Promise<ArtifactSelection> {
  const problems: string[] = [];
  let listing;
  try {
    listing = await store.listAll(`${runKey}artifacts/`, maxArtifacts * RAW_LISTING_FACTOR);
  } catch (error) {
    return { logs: [], problems: [`could not list artifacts: ${describeError(error)}`] };
  }
  if (listing.truncated) problems.push(`artifacts: only the first ${listing.objects.length} files were listed`);
  const candidates = listing.objects.filter((object) => !BINARY_EXTENSIONS.has(extensionOf(object.key)));
  const verdicts = await mapLimit(candidates, 16, (object) => looksLikeText(store, object));
  const text = candidates.filter((_, index) => verdicts[index] === true);
  for (const verdict of verdicts) if (typeof verdict === 'string') problems.push(verdict);
  if (text.length > maxArtifacts) {
    problems.push(`artifacts: kept the first ${maxArtifacts} of ${text.length} text files`);
  }
  const logs = text.slice(0, maxArtifacts).map((object) => logArtifact(store, object, object.key.slice(runKey.length)));
  return { logs, problems };
}

export function logArtifact(store: ObjectStore, object: StoredObject, name: string): LogArtifact {
  return { name, size: object.size, open: () => store.open(object.key) };
}

function extensionOf(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** true/false, or a problem line when the first bytes could not be read. */
async function looksLikeText(store: ObjectStore, object: StoredObject): Promise<boolean | string> {
  if (TEXT_EXTENSIONS.has(extensionOf(object.key)) || object.size === 0) return true;
  try {
    const head = await store.readSmall(object.key, SNIFF_BYTES, true);
    return head !== null && !head.bytes.includes(0);
  } catch (error) {
    // Left out rather than failing the run: open() would most likely fail the same way.
    return `skipped ${object.key}: ${describeError(error)}`;
  }
}
