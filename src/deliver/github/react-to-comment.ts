import type { GitHubClient } from './github-client.ts';
import { splitRepo } from './github-client.ts';

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** Adds a reaction to an issue/PR comment so its author sees the command was seen. */
export async function reactToComment(
  client: GitHubClient,
  repo: string,
  commentId: number,
  content: ReactionContent,
  dryRun = false,
): Promise<void> {
  if (dryRun) return;
  const r = splitRepo(repo);
  await client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
    ...r,
    comment_id: commentId,
    content,
  });
}
