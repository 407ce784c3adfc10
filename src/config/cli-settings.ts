import { z } from 'zod';
import { optionalText } from './env-fields.ts';
import { readEnv } from './read-env.ts';
import type { EnvInput, EnvResult } from './read-env.ts';
import { sourceEnvShape, sourceSettingsOf } from './source-settings.ts';
import type { SourceSettings } from './source-settings.ts';

// The ci-triage command's environment: the shared source settings plus a token and the PR cache file.
// Names match GitHub Actions' own variables, so the command works inside a workflow without flags.

const cliEnvSchema = z.object({
  ...sourceEnvShape,
  GITHUB_TOKEN: optionalText(),
  CI_TRIAGE_CACHE: optionalText(),
});

export interface CliSettings {
  sources: SourceSettings;
  githubToken: string | undefined;
  /** SQLite file caching merged PRs; undefined means the default under ~/.cache. */
  cachePath: string | undefined;
}

export function readCliSettings(env: EnvInput): EnvResult<CliSettings> {
  const read = readEnv(cliEnvSchema, env);
  if (!read.ok) return read;
  const e = read.data;
  return {
    ok: true,
    data: { sources: sourceSettingsOf(e), githubToken: e.GITHUB_TOKEN, cachePath: e.CI_TRIAGE_CACHE },
  };
}
