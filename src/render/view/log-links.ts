import type { RunSummary } from '../../types.ts';

// Links into the run's own log viewer. Prow: Spyglass's build-log lens takes `#1:<artifact>%3A<line>`
// (the anchor deck's own "link to line" writes, as in kubernetes/test-infra's spyglass handlers);
// other artifacts open in gcsweb, which has no line anchors. Actions: the job's log page; GitHub's
// line anchors count per step (`#step:<n>:<line>`), which the combined job log does not tell us.

const PROW_VIEW = /^(https:\/\/[^/]+)\/view\/(gs|gcs|s3)\/([^?#]+?)\/?(?:[?#].*)?$/;
const ACTIONS_RUN = /^(https:\/\/github\.com\/[^/]+\/[^/]+\/actions\/runs\/\d+)(\/job\/\d+)?/;

/** gcsweb hosts known for a deck host; others get no artifact links rather than a guessed host. */
const GCSWEB: Record<string, string> = { 'https://prow.k8s.io': 'https://gcsweb.k8s.io' };

export type RerunHint = { kind: 'command'; command: string } | { kind: 'link'; label: string; url: string };

export function evidenceUrl(runUrl: string | null, artifact: string, line: number): string | null {
  if (!runUrl) return null;
  const prow = PROW_VIEW.exec(runUrl);
  if (prow) {
    const [, host, scheme, path] = prow;
    if (artifact === 'build-log.txt') return `${host}/view/${scheme}/${path}#1:build-log.txt%3A${line}`;
    const gcsweb = GCSWEB[host!];
    if (!gcsweb || scheme === 's3' || !isPlainPath(artifact)) return null;
    return `${gcsweb}/gcs/${path}/${artifact.split('/').map(encodeURIComponent).join('/')}`;
  }
  const actions = ACTIONS_RUN.exec(runUrl);
  return actions?.[2] ? `${actions[1]}${actions[2]}` : null;
}

/** `/test <job>` for Prow presubmits; "Re-run jobs" for Actions; Prow's own rerun page otherwise. */
export function rerunHint(run: RunSummary): RerunHint | null {
  if (!run.url) return null;
  const actions = ACTIONS_RUN.exec(run.url);
  if (actions) return { kind: 'link', label: 'Re-run jobs', url: actions[1]! };
  if (!PROW_VIEW.test(run.url)) return null;
  const presubmit = run.jobType === 'presubmit' || (run.jobType === undefined && /\/pr-logs\/pull\//.test(run.url));
  if (presubmit && /^[\w.-]+$/.test(run.job)) return { kind: 'command', command: `/test ${run.job}` };
  // Periodics and postsubmits have no /test; Spyglass's page carries the Rerun button.
  return { kind: 'link', label: 'Rerun on Prow', url: run.url };
}

function isPlainPath(artifact: string): boolean {
  return artifact.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}
