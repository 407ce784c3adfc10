import type { z } from 'zod';
import { JobError } from './errors.ts';

/** A payload that does not parse was written by another version or damaged: retrying cannot help. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const r = schema.safeParse(payload);
  if (!r.success)
    throw new JobError(
      'invalid-payload',
      `${kind} job payload is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}
