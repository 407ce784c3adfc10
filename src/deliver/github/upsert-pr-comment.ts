import type { GitHubClient } from './github-client.ts';
import { httpStatusOf, splitRepo } from './github-client.ts';

export interface PrCommentDelivery {
  client: GitHubClient;
  repo: string;
  pr: number;
  body: string;
  /** Hidden text that identifies our comment among the PR's comments. */
  marker: string;
  /** The comment id remembered from the last delivery, if any. */
  knownCommentId: number | null;
  /** Log instead of writing. */
  dryRun?: boolean;
  log?: { info(obj: object, msg: string): void };
}

export interface PrCommentResult {
  action: 'created' | 'updated' | 'dry-run';
  commentId: number | null;
}

const PAGE_SIZE = 100;
const MAX_PAGES = 30;

/**
 * One comment per PR, edited in place: the remembered id first, else a bot comment carrying the marker
 * (the id was lost, e.g. another replica posted it), else a new comment. A remembered comment that was
 * deleted (404) is re-created.
 */
export async function deliverPrComment(d: PrCommentDelivery): Promise<PrCommentResult> {
  const { owner, repo } = splitRepo(d.repo);
  if (d.dryRun) {
    d.log?.info({ repo: d.repo, pr: d.pr, chars: d.body.length, body: d.body }, 'dry run: PR comment not posted');
    return { action: 'dry-run', commentId: d.knownCommentId };
  }
  if (d.knownCommentId !== null && (await updateComment(d.client, owner, repo, d.knownCommentId, d.body))) {
    return { action: 'updated', commentId: d.knownCommentId };
  }
  const found = await findMarkedComment(d.client, owner, repo, d.pr, d.marker, d.knownCommentId);
  if (found !== null && (await updateComment(d.client, owner, repo, found, d.body))) {
    return { action: 'updated', commentId: found };
  }
  const created = await d.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner,
    repo,
    issue_number: d.pr,
    body: d.body,
  });
  return { action: 'created', commentId: idOf(created.data) };
}

/** False when the comment no longer exists. */
async function updateComment(
  client: GitHubClient,
  owner: string,
  repo: string,
  id: number,
  body: string,
): Promise<boolean> {
  try {
    await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner,
      repo,
      comment_id: id,
      body,
    });
    return true;
  } catch (err) {
    if (httpStatusOf(err) === 404) return false;
    throw err;
  }
}

async function findMarkedComment(
  client: GitHubClient,
  owner: string,
  repo: string,
  pr: number,
  marker: string,
  skip: number | null,
): Promise<number | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner,
      repo,
      issue_number: pr,
      per_page: PAGE_SIZE,
      page,
    });
    const comments = Array.isArray(res.data) ? (res.data as unknown[]) : [];
    for (const c of comments) {
      const { id, body, user } = c as { id?: unknown; body?: unknown; user?: { type?: unknown } | null };
      // Only a bot can have written it; a human quoting the marker is not our comment.
      if (
        typeof id === 'number' &&
        id !== skip &&
        typeof body === 'string' &&
        body.includes(marker) &&
        user?.type === 'Bot'
      )
        return id;
    }
    if (comments.length < PAGE_SIZE) return null;
  }
  return null;
}

function idOf(data: unknown): number {
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'number') throw new Error('GitHub created the comment but its answer has no id');
  return id;
}
