import type { Digest } from '../../digest/types.ts';
import { cleanLogText, mdCode, mdLink, mdText } from '../sanitize/index.ts';
import { feedbackLine, flakyDetail, headline, periodLabel, periodLength, signed } from './digest-format.ts';

// The digest as GitHub Markdown, for the optional digest issue. The marker finds the scope's issue
// again, so each scope has one issue that is updated rather than a new one per period.

export function digestIssueMarker(scopeKey: string): string {
  // The key is ours (channel id + period), but keep the comment well-formed whatever it holds.
  return `<!-- ci-triage:digest scope=${scopeKey.replace(/[^\w:|.-]/g, '_').replace(/-{2,}/g, '-')} -->`;
}

export function digestIssueTitle(d: Digest): string {
  return `CI failures digest: ${d.scope.label}`.slice(0, 200);
}

export function renderDigestMarkdown(d: Digest): string {
  const out = [
    digestIssueMarker(d.scope.key),
    `## ${mdText(digestIssueTitle(d), 200)}`,
    '',
    `${mdText(periodLabel(d.period))}, compared with the previous ${periodLength(d.period)}.`,
    '',
    `**${mdText(headline(d), 600)}**`,
    '',
  ];
  if (d.totals.failures > 0) {
    out.push(
      '### By cause',
      '',
      '| failures | change | cause | status | jobs | "wrong cause?" |',
      '|---:|---:|---|---|---|---:|',
    );
    for (const c of d.causes) {
      out.push(
        `| ${c.failures} | ${signed(c.failures - c.previous)} | ${mdCode(c.classifier, 60)} ${mdText(cleanLogText(c.name), 200)} | ${c.status ?? ''} | ${c.jobs.map((j) => mdCode(j, 80)).join(', ')} | ${c.wrongCause} |`,
      );
    }
    out.push('', '### Top failing jobs', '', '| job | failures | change |', '|---|---:|---:|');
    for (const j of d.topJobs)
      out.push(
        `| ${j.lastUrl ? mdLink(j.job, j.lastUrl) : mdCode(j.job, 120)} | ${j.failures} | ${signed(j.failures - j.previous)} |`,
      );
    out.push('');
  }
  if (d.suspects.length > 0) {
    out.push('### Suspect PRs behind the most failures', '');
    for (const s of d.suspects)
      out.push(
        `- ${mdLink(s.ref, s.url)} ${mdText(s.title, 120)}: ${s.failures} failed runs in ${s.jobs.map((j) => mdCode(j, 80)).join(', ')}`,
      );
    out.push('');
  }
  if (d.flaky.length > 0) {
    out.push('### Flaky jobs', '');
    for (const f of d.flaky) out.push(`- ${mdCode(f.job, 120)}: ${mdText(flakyDetail(f), 200)}`);
    out.push('');
  }
  out.push('### "Wrong cause?" feedback', '', mdText(feedbackLine(d), 600), '');
  return out.join('\n');
}
