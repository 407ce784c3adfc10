import { parseDocument } from 'yaml';
import { z } from 'zod';

// `.github/ci-triage.yml` in a repository where the app is installed. Read from the default branch only,
// so a pull request cannot change how its own failures are triaged.

export const REPO_CONFIG_PATH = '.github/ci-triage.yml';

const REPO = /^[\w.-]+\/[\w.-]+$/;

export const repoConfigSchema = z
  .object(
    {
      enabled: z.boolean({ error: 'enabled must be true or false' }).default(true),
      ignore_jobs: z
        .array(
          z
            .string({ error: 'ignore_jobs entries must be job names or globs (strings)' })
            .min(1, 'ignore_jobs entries must not be empty'),
          {
            error: 'ignore_jobs must be a list of job names or globs',
          },
        )
        .max(200, 'ignore_jobs may list at most 200 entries')
        .default([]),
      config_repos: z
        .array(z.string().regex(REPO, 'config_repos entries must be owner/name repositories'), {
          error: 'config_repos must be a list of owner/name repositories',
        })
        .max(20, 'config_repos may list at most 20 repositories')
        .default([]),
      rules: z
        .array(
          z
            .string({ error: 'rules entries must be file paths' })
            .regex(
              /^[^/\\][^\\]*\.ya?ml$/,
              'rules entries must be relative paths to .yml/.yaml files in this repository',
            )
            .refine((p) => !p.split('/').includes('..'), 'rules entries must not contain ".."'),
          { error: 'rules must be a list of rule file paths in this repository' },
        )
        .max(20, 'rules may list at most 20 files')
        .default([]),
      command: z
        .string({ error: 'command must be a command name such as ci-triage' })
        .trim()
        .transform((v) => v.replace(/^\//, '').toLowerCase())
        .pipe(
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,38}$/, 'command must be a name such as ci-triage (letters, digits, dashes)'),
        )
        .nullable()
        .default(null),
    },
    { error: 'the file must be a mapping with the settings enabled, ignore_jobs, config_repos, rules and command' },
  )
  .strict();

export type RepoConfig = z.output<typeof repoConfigSchema>;

export const DEFAULT_REPO_CONFIG: RepoConfig = {
  enabled: true,
  ignore_jobs: [],
  config_repos: [],
  rules: [],
  command: null,
};

export interface ParsedRepoConfig {
  config: RepoConfig;
  /** Why the file was not used as written, in words for the PR comment; null when it was fine or absent. */
  note: string | null;
}

/** A missing file means defaults; a malformed one means defaults plus a note saying what is wrong. */
export function parseRepoConfig(text: string | null): ParsedRepoConfig {
  if (text === null || text.trim() === '') return { config: DEFAULT_REPO_CONFIG, note: null };
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first?.linePos?.[0] ? ` at line ${first.linePos[0].line}` : '';
    return malformed(`it is not valid YAML${where} (${first?.code ?? 'parse error'})`);
  }
  const value: unknown = doc.toJS() ?? {};
  const parsed = repoConfigSchema.safeParse(value);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown setting${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
        : i.message,
    );
    return malformed([...new Set(reasons)].join('; '));
  }
  return { config: parsed.data, note: null };
}

function malformed(reason: string): ParsedRepoConfig {
  return {
    config: DEFAULT_REPO_CONFIG,
    note: `\`${REPO_CONFIG_PATH}\` was ignored because ${reason}; the defaults were used.`,
  };
}
