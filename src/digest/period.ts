import type { DigestPeriod } from './types.ts';

// Digest periods end at the schedule's tick, floored to the minute, so every instance firing for the
// same tick (a few hundred ms apart) computes the same period, and so the same claim key.

export const DIGEST_LENGTHS = ['24h', '7d'] as const;
export type DigestLength = (typeof DIGEST_LENGTHS)[number];

const LENGTH_MS: Record<DigestLength, number> = { '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 };

export function periodEndingAt(end: Date, length: DigestLength): DigestPeriod {
  const endMs = Math.floor(end.getTime() / 60_000) * 60_000;
  return { start: new Date(endMs - LENGTH_MS[length]).toISOString(), end: new Date(endMs).toISOString() };
}

export function isDigestLength(value: string): value is DigestLength {
  return (DIGEST_LENGTHS as readonly string[]).includes(value);
}
