import { z } from 'zod';

// Field builders for environment schemas. Each field carries its own message naming the variable, so a
// missing or malformed value says which setting it is and how to fix it.

export function required(name: string, hint: string) {
  return z
    .string({ error: `${name} is missing: ${hint}` })
    .trim()
    .min(1, `${name} is empty: ${hint}`);
}

export function url(name: string, example: string, fallback: string) {
  return z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL such as ${example}` }))
    .transform((u) => u.replace(/\/+$/, ''));
}

/** An http(s) URL that may be unset; an empty value counts as unset. */
export function optionalUrl(name: string, example: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((u) => u || undefined)
    .pipe(z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL such as ${example}` }).optional())
    .transform((u) => u?.replace(/\/+$/, ''));
}

/** Free text that may be unset; an empty value counts as unset. */
export function optionalText() {
  return z
    .string()
    .trim()
    .optional()
    .transform((s) => s || undefined);
}

export function wholeNumber(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .trim()
    .default(String(fallback))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, `${name} must be a whole number between ${min} and ${max}`)
        .transform(Number)
        .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`)),
    );
}

export function list(name: string, fallback: string, item: z.ZodType<string, string>) {
  return z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, `${name} must not be empty`));
}
