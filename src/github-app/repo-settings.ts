import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { REPO_CONFIG_PATH } from '../config/index.ts';
import type { RepoConfig, RepoConfigCache } from '../config/index.ts';
import type { GitHubClient } from '../deliver/github/index.ts';
import { JobError } from '../queue/errors.ts';
import { fetchRepoFile } from './github-reads.ts';

export interface RepoSettings {
  config: RepoConfig;
  /** For the PR comment: why the config (or a rule file) was not used as written. */
  note: string | null;
  /** Local copies of the repository's extra rule files, for TriageRequest.rulesFiles. */
  rulesFiles: string[];
}

/**
 * The repository's `.github/ci-triage.yml` (cached) and its extra rule files. Rule files are written
 * under `rulesDir`, named by content hash, because the engine reads rules from paths.
 */
export async function loadRepoSettings(
  client: GitHubClient,
  repo: string,
  cache: RepoConfigCache,
  rulesDir: string,
): Promise<RepoSettings> {
  const parsed = await cache.load(repo, () => fetchConfigText(client, repo));
  const notes = parsed.note ? [parsed.note] : [];
  const rulesFiles: string[] = [];
  for (const path of parsed.config.rules) {
    const text = await fetchRepoFile(client, repo, path).catch((err: unknown) => {
      if (err instanceof JobError) return null;
      throw err;
    });
    if (text === null) {
      notes.push(
        `The rule file \`${path}\` listed in \`${REPO_CONFIG_PATH}\` was not found (or is too large) and was skipped.`,
      );
      continue;
    }
    rulesFiles.push(await writeRulesFile(rulesDir, repo, path, text));
  }
  return { config: parsed.config, note: notes.length > 0 ? notes.join(' ') : null, rulesFiles };
}

async function fetchConfigText(client: GitHubClient, repo: string): Promise<string | null> {
  try {
    return await fetchRepoFile(client, repo, REPO_CONFIG_PATH);
  } catch (err) {
    // Too large: hand the parser something that yields a note rather than failing every triage.
    if (err instanceof JobError) return '- the file is too large to be a ci-triage config';
    throw err;
  }
}

async function writeRulesFile(dir: string, repo: string, path: string, text: string): Promise<string> {
  const hash = createHash('sha256').update(`${repo}\n${path}\n${text}`).digest('hex').slice(0, 16);
  const file = join(dir, `${hash}-${basename(path)}`);
  await mkdir(dir, { recursive: true });
  await writeFile(file, text, 'utf8');
  return file;
}
