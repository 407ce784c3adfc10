import type { z } from 'zod';

// The one way an environment is read: validate against a schema once, and turn every failure into an
// issue that names its variable (with the value, except for secrets, to help spot typos).

export type EnvInput = Record<string, string | undefined>;

export interface ConfigIssue {
  setting: string;
  message: string;
}

export type EnvResult<T> = { ok: true; data: T } | { ok: false; issues: ConfigIssue[] };

export function readEnv<S extends z.ZodType>(schema: S, env: EnvInput): EnvResult<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = parsed.error.issues.map((i) => ({
    setting: String(i.path[0] ?? 'environment'),
    message: withValue(i.message, i.path, env),
  }));
  return { ok: false, issues };
}

function withValue(message: string, path: PropertyKey[], env: EnvInput): string {
  const name = path[0];
  const value = typeof name === 'string' ? env[name] : undefined;
  // Secrets are never echoed back; other values help spot typos.
  if (value === undefined || value === '' || /KEY|SECRET|TOKEN/.test(String(name))) return message;
  return `${message} (got "${value.length > 80 ? `${value.slice(0, 80)}...` : value}")`;
}
