// The YAML shape of a rules file. Unknown keys are errors: a typo (`paterns:`) must not silently
// produce a rule that never fires.
import { z } from 'zod';

const pattern = z.string().min(1).max(1000);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date (use ISO 8601, e.g. 2025-01-31)');

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
    category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case word such as infrastructure, registry, test'),
    explanation: z.string().min(1).max(500),
    confidence: z.number().min(0).max(1).optional(),
    /** Generic rules (say, "Something went wrong") rank below specific ones. */
    generic: z.boolean().optional(),
    ignoreCase: z.boolean().optional(),
    /** Single-line patterns: any of them matching a line is a hit. */
    patterns: z.array(pattern).min(1).max(20).optional(),
    /** Lines that must appear in this order, each within `within` lines of the previous one. */
    sequence: z
      .strictObject({ within: z.number().int().min(1).max(200), patterns: z.array(pattern).min(2).max(10) })
      .optional(),
    /** Patterns matched anywhere in the run whose named groups add facts (first match wins). */
    context: z.array(pattern).max(10).optional(),
    /** Literals the prefilter looks for; derived from the patterns when omitted. */
    triggers: z.array(z.string().min(4).max(200)).min(1).max(20).optional(),
    validFrom: date.optional(),
    validUntil: date.optional(),
  })
  .refine(
    (r) => (r.patterns === undefined) !== (r.sequence === undefined),
    'needs exactly one of `patterns` or `sequence`',
  )
  .refine(
    (r) => !r.validFrom || !r.validUntil || Date.parse(r.validFrom) < Date.parse(r.validUntil),
    '`validFrom` must be before `validUntil`',
  );

export type RuleSpec = z.infer<typeof ruleSchema>;

export const rulesFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  rules: z.array(z.unknown()),
});

/** One line for a zod error: the first issue, with its path. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'is invalid';
  const path = issue.path.length > 0 ? `\`${issue.path.join('.')}\` ` : '';
  return `${path}${issue.message}`;
}
