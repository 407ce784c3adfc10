import { defuseGithubRefs, htmlText, mdCode, mdLink, mdText } from '../sanitize/index.ts';
import type { CauseSegment, Culprit, ReasonView, RerunHint, Verdict, VerdictLine } from '../view/index.ts';

// The verdict line in GitHub Markdown: shared by the one-job block and the several-jobs table.

export function causeMarkdown(cause: CauseSegment[] | null): string {
  if (!cause) return 'cause not identified';
  return cause.map((s) => (s.code ? mdCode(s.text, 200) : mdText(s.text, 200))).join('');
}

export function verdictMarkdown(verdict: Verdict): string {
  return verdict === 'unknown' ? 'failed' : `**${verdict}**`;
}

/** With its strongest reason on the one-job line; a table cell gets the link and a short title only. */
export function culpritMarkdown(c: Culprit | null, withReason: boolean): string {
  if (!c) return 'none found';
  const link = `${mdLink(c.ref, c.url)} ${mdText(c.title, withReason ? 80 : 50)}`;
  if (!withReason || !c.reason) return link;
  // Diff lines keep their YAML indent; on one line it is only noise.
  const literal = c.reason.literal?.replace(/\s+/g, ' ') ?? null;
  return `${link}: ${reasonMarkdown({ ...c.reason, literal }, 80)}`;
}

export function reasonMarkdown(r: ReasonView, max = 160): string {
  const what = r.literal ? ` ${mdCode(r.literal, max)}` : r.prose ? `: ${mdText(r.prose, 160)}` : '';
  return `${mdText(r.label, 60)}${what}${r.file ? ` in ${mdCode(r.file, 100)}` : ''}`;
}

export function rerunMarkdown(r: RerunHint | null): string | null {
  if (!r) return null;
  return r.kind === 'command' ? mdCode(r.command, 200) : mdLink(r.label, r.url);
}

export function commitMarkdown(v: VerdictLine): string {
  return v.commit ? mdCode(v.commit) : 'unknown';
}

/** The one-job first screen: what broke, who likely broke it, and what to do next. */
export function verdictBlock(v: VerdictLine): string {
  const head = `❌ **${mdLink(defuseGithubRefs(v.job), v.runUrl)}** · ${verdictMarkdown(v.verdict)} · ${causeMarkdown(v.cause)}`;
  const culprit = v.culprit ? `**Likely culprit:** ${culpritMarkdown(v.culprit, true)}` : '**Suspects:** none found';
  const rerun = rerunMarkdown(v.rerun);
  const meta = [
    v.commit ? `as of ${mdCode(v.commit)}` : null,
    mdLink(`run #${v.buildId}`, v.runUrl),
    rerun ? `rerun: ${rerun}` : null,
  ].filter((p) => p !== null);
  return [head, culprit, `<sub>${meta.join(' · ')}</sub>`].join('\n\n');
}

/** `<summary>` text for a job's collapsed details. */
export function detailsSummary(job: string): string {
  return `<summary>Details: ${htmlText(job, 120)}</summary>`;
}
