import type { ScanLimits } from './types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

// Generous by default: a whole multi-gigabyte build log is scanned, yet memory stays flat because
// only a chunk, one partial line and the bounded observer state are held at a time.
export const DEFAULT_LIMITS: ScanLimits = {
  maxBytesPerArtifact: 4 * GiB,
  maxBytesPerRun: 16 * GiB,
  maxLineBytes: 16 * KiB,
  headLines: 20_000,
  headBytes: 4 * MiB,
  maxDigestLines: 5_000,
  maxEvidenceChars: 400,
  tailBytes: 256 * KiB,
};

export function resolveLimits(limits: Partial<ScanLimits> | undefined): ScanLimits {
  const merged = { ...DEFAULT_LIMITS, ...limits };
  for (const [key, value] of Object.entries(merged)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`scan limit ${key} must be a non-negative number, got ${value}`);
  }
  if (merged.maxLineBytes < 256)
    throw new RangeError(`scan limit maxLineBytes must be at least 256, got ${merged.maxLineBytes}`);
  return merged;
}

export function formatBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= KiB) return `${(n / KiB).toFixed(1)} KiB`;
  return `${n} bytes`;
}
