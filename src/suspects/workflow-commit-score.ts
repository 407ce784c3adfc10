// Scores one commit between the baseline's head and the red run's head against the Actions job's
// definition changes: it is a suspect only if a patch line of a workflow file, a composite action or a
// file the failing step runs carries a changed token with the change's sign (the input it dropped, the
// image tag it added). A commit that edits a workflow without making any of the job's changes (another
// job, another workflow) is not one. Pure.
import type { Suspect, SuspectReason } from '../types.ts';
import { containsTerm } from './match-terms.ts';
import { parsePatch } from './patch-lines.ts';
import type { ChangeToken } from './types.ts';

export interface CommitFile {
  filename: string;
  patch: string | null;
}

export interface CommitDetail {
  sha: string;
  url: string;
  message: string;
  author: string | null;
  date: string;
  files: CommitFile[];
}

const SQUASHED_PR = /\(#(\d+)\)\s*$/;

/** Workflow files, composite actions and the scripts the job's steps name. */
export function isDefinitionFile(path: string, scripts: string[]): boolean {
  return (
    path.startsWith('.github/workflows/') ||
    /(^|\/)action\.ya?ml$/.test(path) ||
    scripts.some((s) => path === s || path.endsWith(`/${s}`))
  );
}

function hitsOf(c: CommitDetail, t: ChangeToken, scripts: string[]): SuspectReason[] {
  const out: SuspectReason[] = [];
  for (const f of c.files) {
    if (!isDefinitionFile(f.filename, scripts)) continue;
    for (const h of parsePatch(f.patch))
      for (const l of h.lines)
        if (l.sign === t.sign && containsTerm(l.text, t.token))
          out.push({ kind: 'job-config-changed', file: f.filename, sign: l.sign, text: l.text.trim().slice(0, 200) });
  }
  return out;
}

export function scoreWorkflowCommit(
  c: CommitDetail,
  tokens: ChangeToken[],
  repo: string,
  webUrl: string,
  scripts: string[],
): Suspect | null {
  let score = 0;
  const reasons: SuspectReason[] = [];
  for (const t of tokens) {
    const hits = hitsOf(c, t, scripts);
    if (hits.length === 0) continue;
    // The PR ranking's points (definition-evidence.ts): a change made, a change touching the failure.
    score += t.touchesFailure ? 70 : 45;
    const first = hits[0]!;
    if (!reasons.some((r) => r.file === first.file && r.text === first.text)) reasons.push(first);
  }
  if (score === 0) return null;
  const title = c.message.split('\n')[0]!.slice(0, 200);
  const pr = SQUASHED_PR.exec(title);
  const base = { repo, title, author: c.author, mergedAt: c.date, score, reasons };
  return pr
    ? { ...base, kind: 'pull', number: Number(pr[1]), url: `${webUrl}/${repo}/pull/${pr[1]}` }
    : { ...base, kind: 'commit', number: null, sha: c.sha, url: c.url };
}
