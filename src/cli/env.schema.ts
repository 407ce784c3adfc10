import { z } from 'zod';
import { CodedError } from '../errors.ts';

// The CLI's environment, validated once at the edge. Names match GitHub Actions' own variables so the
// tool can be pointed at GitHub Enterprise Server or a mirror without extra flags.
export const cliEnvSchema = z.object({
  GITHUB_API_URL: z
    .url({ message: 'GITHUB_API_URL must be a URL such as https://api.github.com' })
    .default('https://api.github.com'),
  GITHUB_SERVER_URL: z.url({ message: 'GITHUB_SERVER_URL must be a URL such as https://github.com' }).optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  CI_TRIAGE_GCS_URL: z.url({ message: 'CI_TRIAGE_GCS_URL must be a URL' }).default('https://storage.googleapis.com'),
  CI_TRIAGE_PROW_URL: z.url({ message: 'CI_TRIAGE_PROW_URL must be a URL' }).default('https://prow.k8s.io'),
  CI_TRIAGE_CONFIG_REPOS: z
    .string()
    .default('kubernetes/test-infra')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'CI_TRIAGE_CONFIG_REPOS must list owner/name repos, comma-separated'),
      ),
    ),
  CI_TRIAGE_CACHE: z.string().optional(),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function parseCliEnv(env: Record<string, string | undefined>): CliEnv {
  const parsed = cliEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new CliUsageError(`bad environment: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
}

/** Bad input from the user: printed as one line, exit code 2. */
export class CliUsageError extends CodedError<'usage'> {
  constructor(message: string) {
    super('usage', message);
  }
}

/** GitHub's web host for an API base URL (api.github.com -> github.com, GHES /api/v3 -> its host). */
export function webUrlFor(apiUrl: string, serverUrl?: string): string {
  if (serverUrl) return serverUrl.replace(/\/+$/, '');
  const u = new URL(apiUrl);
  if (u.hostname === 'api.github.com') return 'https://github.com';
  return `${u.protocol}//${u.host}`;
}
