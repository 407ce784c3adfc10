// The one reader of GitHub Actions run paths, shared by every ref parser (the CLI's and the engine's
// parseRef, the App's parseRunUrl, Slack's /triage): `<owner>/<repo>/actions/runs/<run>` with an
// optional `/job/<job>` or `/attempts/<n>`, from path segments after the web host's own prefix.

export interface ActionsPath {
  owner: string;
  repo: string;
  runId: string;
  jobId: string | null;
}

const NUMBER = /^\d+$/;

/** A check run's own page, `<owner>/<repo>/runs/<check run id>` (any CI app's check run has one). */
export function parseCheckRunPath(
  segments: readonly string[],
): { owner: string; repo: string; checkRunId: string } | null {
  const [owner, repo, runs, id, ...rest] = segments;
  if (!owner || !repo || runs !== 'runs' || !id || !NUMBER.test(id) || rest.length > 0) return null;
  return { owner, repo, checkRunId: id };
}

export function parseActionsPath(segments: readonly string[]): ActionsPath | null {
  const [owner, repo, actions, runs, runId, sub, subId, ...rest] = segments;
  if (!owner || !repo || actions !== 'actions' || runs !== 'runs' || !runId || !NUMBER.test(runId)) return null;
  if (rest.length > 0) return null;
  if (sub === undefined) return { owner, repo, runId, jobId: null };
  if ((sub !== 'job' && sub !== 'attempts') || !subId || !NUMBER.test(subId)) return null;
  return { owner, repo, runId, jobId: sub === 'job' ? subId : null };
}
