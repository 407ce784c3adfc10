import { matchGlob } from '../config/index.ts';

// Which repositories a Slack channel or workspace may triage through /triage: `SLACK_ACCESS`, entries
// separated by `;`, each `<channel or team id>=<repo glob>[,<repo glob>...]`, e.g.
// `C012AB3CD=kubernetes/*,kubernetes-sigs/cluster-api;T0123=kubernetes/kubernetes`. A channel entry wins
// over its workspace's. With SLACK_ACCESS set, a channel or workspace it does not name is not allowed
// anything; unset, every channel may triage every repository the App is installed on (docs/slack.md).

export type SlackAccess = ReadonlyMap<string, readonly string[]>;

const ID = /^[A-Z][A-Z0-9]{2,20}$/;
const REPO_GLOB = /^[\w.*?-]+\/[\w.*?-]+$|^\*$/;

export function parseSlackAccess(text: string): SlackAccess {
  const access = new Map<string, string[]>();
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id = '', globs = ''] = entry.split('=', 2).map((s) => s.trim());
    if (!ID.test(id)) throw new Error(`SLACK_ACCESS: "${id}" is not a Slack channel or team id (C…, G… or T…)`);
    const repos = globs
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    const bad = repos.find((g) => !REPO_GLOB.test(g));
    if (repos.length === 0 || bad !== undefined)
      throw new Error(`SLACK_ACCESS: ${id} needs owner/name repository globs, e.g. ${id}=kubernetes/*`);
    access.set(id, [...(access.get(id) ?? []), ...repos]);
  }
  return access;
}

export interface SlackPlace {
  channelId: string;
  teamId: string | null;
}

/**
 * May this place triage `repo`? `repo` null: a Prow run or job read from public logs, which any
 * channel with an entry may triage; a repository (a PR, an Actions run) must match one of its globs.
 */
export function mayTriage(access: SlackAccess | null, place: SlackPlace, repo: string | null): boolean {
  if (access === null) return true;
  const globs = access.get(place.channelId) ?? (place.teamId ? access.get(place.teamId) : undefined);
  if (!globs) return false;
  if (repo === null) return true;
  const name = repo.toLowerCase();
  return globs.some((g) => g === '*' || matchGlob(g.toLowerCase(), name));
}
