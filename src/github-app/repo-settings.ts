import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { REPO_CONFIG_PATH } from '../config/index.ts';
import type { RepoConfig, RepoConfigCache } from '../config/index.ts';
import type { GitHubClient } from '../deliver/github/index.ts';
import { JobError } from '../queue/errors.ts';
import { fetchRepoFile } from './github-reads.ts';

/** Screens a repository's rule files (ReDoS proofs off the main thread); absent: loaded as fetched. */
export type RuleScreen = (files: RuleFileText[]) => Promise<{ files: RuleFileText[]; refused: string[] }>;

export interface RuleFileText {
  path: string;
  text: string;
}

const MAX_REFUSED_LISTED = 10;

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
  screen?: RuleScreen,
): Promise<RepoSettings> {
  const parsed = await cache.load(repo, () => fetchConfigText(client, repo));
  const notes = parsed.note ? [parsed.note] : [];
  const fetched: RuleFileText[] = [];
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
    fetched.push({ path, text });
  }
  const screened = screen ? await screen(fetched) : { files: fetched, refused: [] };
  if (screened.refused.length > 0) notes.push(refusedNote(screened.refused));
  const rulesFiles: string[] = [];
  for (const f of screened.files) rulesFiles.push(await writeRulesFile(rulesDir, repo, f.path, f.text));
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

function refusedNote(refused: string[]): string {
  const listed = refused.slice(0, MAX_REFUSED_LISTED).map((r) => `${r}.`);
  const more = refused.length - listed.length;
  return [
    `${refused.length} rule${refused.length === 1 ? ' was' : 's were'} not used:`,
    ...listed,
    ...(more > 0 ? [`(and ${more} more)`] : []),
  ].join(' ');
}
