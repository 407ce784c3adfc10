// Lists every changed file of a merged PR (100 per page; GitHub stops at 3000 files), through the cache.
import type { GithubRequester } from './github-requests.ts';
import type { PrCache, PrFile } from './types.ts';

interface FileItem {
  filename: string;
  status?: string;
  changes?: number;
  patch?: string;
  previous_filename?: string;
}

/** 3000 files / 100 per page: GitHub's own cap, so a broken Link header cannot loop forever. */
const MAX_PAGES = 30;

/**
 * `maxPages` lets the caller read only the first page of a mechanical PR (an image autobump touching
 * 400 files repeats one change 400 times): that page shows the bump, and the other pages cost requests.
 */
export async function fetchPrFiles(
  gh: GithubRequester,
  cache: PrCache,
  repo: string,
  number: number,
  maxPages = MAX_PAGES,
): Promise<PrFile[]> {
  const cached = await cache.getFiles(repo, number);
  if (cached) return cached;
  const [owner, name] = repo.split('/') as [string, string];
  const files: PrFile[] = [];
  let page = await gh.first<FileItem[]>('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
    owner,
    repo: name,
    pull_number: number,
    per_page: 100,
  });
  for (let n = 1; ; n += 1) {
    for (const item of Array.isArray(page.data) ? page.data : []) files.push(toFile(item));
    if (!page.next || n >= Math.min(maxPages, MAX_PAGES)) break;
    page = await gh.follow<FileItem[]>(page.next);
  }
  await cache.putFiles(repo, number, files);
  return files;
}

function toFile(item: FileItem): PrFile {
  return {
    filename: typeof item.filename === 'string' ? item.filename : '',
    status: item.status ?? 'modified',
    changes: typeof item.changes === 'number' ? item.changes : 0,
    patch: typeof item.patch === 'string' ? item.patch : null,
    previousFilename: item.previous_filename ?? null,
  };
}
