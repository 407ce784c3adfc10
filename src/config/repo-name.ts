// owner/name as GitHub spells it. `.` and `..` are not names GitHub allows, and sent to the API they
// would address another path (`/repos/../..` is the API root), so they are refused wherever a repo
// name arrives from outside (webhook payloads, queue payloads, Slack commands).
export const REPO_FULL_NAME = /^[\w.-]+\/[\w.-]+$/;
const ONLY_DOTS = /^\.+$/;

export function isRepoFullName(text: string): boolean {
  return REPO_FULL_NAME.test(text) && !text.split('/').some((part) => ONLY_DOTS.test(part));
}
