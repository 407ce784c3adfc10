import type { CauseRow, Digest } from '../../digest/types.ts';
import { cleanLogText, slackCode, slackLink, slackPlain, slackText } from '../sanitize/index.ts';
import type { Block, SlackMessage } from '../slack/index.ts';
import { SLACK_LIMITS } from '../slack/index.ts';
import { fitLines } from '../slack/slack-fit.ts';
import { feedbackLine, flakyDetail, headline, periodLabel, periodLength, signed } from './digest-format.ts';

// The digest as a Slack Block Kit message. Job names, cause summaries and PR titles come from logs
// and GitHub: escaped like every other Slack text (no pings, no links we did not make).

export interface DigestBlocksOptions {
  /** Says a chart is attached (scheduled digests) or not (the ephemeral /triage digest). */
  withChart?: boolean;
  maxCauses?: number;
}

export function renderDigestBlocks(d: Digest, opts: DigestBlocksOptions = {}): SlackMessage {
  const title = `CI failures digest \u00b7 ${d.scope.label}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: slackPlain(title, SLACK_LIMITS.headerText), emoji: true } },
    context(`${periodLabel(d.period)} \u00b7 compared with the previous ${periodLength(d.period)}`),
    section(`*${slackText(headline(d), 600)}*`),
  ];
  if (d.totals.failures > 0) {
    blocks.push(
      section(
        titled(
          'By cause',
          d.causes.slice(0, opts.maxCauses ?? 8).map(causeLine),
          d.causes.length > (opts.maxCauses ?? 8),
        ),
      ),
    );
    blocks.push(
      section(
        titled(
          'Top failing jobs',
          d.topJobs.map((j) => `\u2022 ${link(j.job, j.lastUrl)}: ${j.failures} (${signed(j.failures - j.previous)})`),
        ),
      ),
    );
  }
  if (d.suspects.length > 0) {
    const lines = d.suspects.map(
      (s) =>
        `\u2022 ${slackLink(s.ref, s.url)} ${slackText(s.title, 120)}: ${s.failures} failed runs in ${jobList(s.jobs)}`,
    );
    blocks.push(section(titled('Suspect PRs behind the most failures', lines)));
  }
  if (d.flaky.length > 0)
    blocks.push(
      section(
        titled(
          'Flaky jobs (green and red in turn)',
          d.flaky.map((f) => `\u2022 ${slackCode(f.job, 120)}: ${slackText(flakyDetail(f), 200)}`),
        ),
      ),
    );
  blocks.push(section(`*\u201cWrong cause?\u201d feedback:* ${slackText(feedbackLine(d), 600)}`));
  if (opts.withChart) blocks.push(context(`Chart: failures per ${d.series.bucketUnit}, stacked by cause.`));
  return { text: slackText(`${title}: ${headline(d)}`, 1000), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

function causeLine(c: CauseRow): string {
  const status = c.status === null ? '' : ` _${c.status}_`;
  const flagged = c.wrongCause > 0 ? ` \u00b7 :warning: ${c.wrongCause} \u201cwrong cause\u201d` : '';
  const summary = slackText(cleanLogText(c.name), 200);
  return `\u2022 *${c.failures}* (${signed(c.failures - c.previous)}) ${slackCode(c.classifier, 60)}${status}: ${summary} \u00b7 ${jobList(c.jobs)}${flagged}`;
}

function jobList(jobs: readonly string[]): string {
  const shown = jobs.slice(0, 3).map((j) => slackCode(j, 80));
  return jobs.length > 3 ? `${shown.join(', ')} and ${jobs.length - 3} more` : shown.join(', ');
}

function link(job: string, url: string | null): string {
  return url ? slackLink(job, url) : slackCode(job, 120);
}

function titled(title: string, lines: string[], more = false): string {
  const body = lines.length > 0 ? lines : ['none'];
  return fitLines([`*${title}*`, ...body, ...(more ? ['\u2026'] : [])], SLACK_LIMITS.sectionText);
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: slackText(text, SLACK_LIMITS.contextText) }] };
}
