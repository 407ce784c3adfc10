import type { Report } from '../../types.ts';
import { isSlackSafeUrl, slackPlain, slackText } from '../sanitize/index.ts';
import { buildReportView, buildVerdictLine } from '../view/index.ts';
import type { ReportView, VerdictLine } from '../view/index.ts';
import {
  causeText,
  evidenceText,
  factsText,
  historyText,
  keyLinesText,
  notesContext,
  section,
  suspectsText,
} from './report-blocks.ts';
import type { Block } from './report-blocks.ts';
import { SLACK_LIMITS } from './slack-fit.ts';
import { againLine, verdictContext, verdictNotification, verdictSection } from './verdict-blocks.ts';
import { encodeWrongCauseValue, WRONG_CAUSE_ACTION_ID } from './wrong-cause-value.ts';

// A triage report as Slack Block Kit, verdict first. An alert is the verdict line, its small print
// and the buttons; the details go once into its thread; later runs failing the same way are one
// line there. `/triage` answers with the verdict line and the details in one message.
// `text` is the notification line: job, verdict, cause and suspect.

export const OPEN_RUN_ACTION_ID = 'ci_triage_open_run';
export const OPEN_SUSPECT_ACTION_ID = 'ci_triage_open_suspect';

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface SlackReportOptions {
  triageId?: string;
  /** A header block above the verdict line (e.g. a digest or watch name); none by default. */
  header?: string;
}

/** The whole report in one message (the `/triage` answer). */
export function renderSlackReport(report: Report, opts: SlackReportOptions = {}): SlackMessage {
  const v = buildReportView(report, { maxSuspects: 2, maxReasons: 2 });
  const line = buildVerdictLine(report);
  const blocks: Block[] = [];
  if (opts.header)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: slackPlain(opts.header, SLACK_LIMITS.headerText), emoji: true },
    });
  blocks.push(...topBlocks(v, line), ...detailBlocks(v));
  const actions = actionsBlock(v, opts.triageId ?? null);
  if (actions) blocks.push(actions);
  return { text: notification(v, line), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** The channel alert: verdict line, commit/run/rerun, and the Open run / Open suspect PR / Wrong cause? buttons. */
export function renderSlackAlert(report: Report, opts: Pick<SlackReportOptions, 'triageId'> = {}): SlackMessage {
  const v = buildReportView(report, { maxSuspects: 1, maxReasons: 1 });
  const line = buildVerdictLine(report);
  const blocks = topBlocks(v, line);
  const actions = actionsBlock(v, opts.triageId ?? null);
  if (actions) blocks.push(actions);
  return { text: notification(v, line), blocks };
}

/** The alert's details, posted once in its thread. */
export function renderSlackDetails(report: Report): SlackMessage {
  const v = buildReportView(report, { maxSuspects: 3, maxReasons: 3 });
  return { text: `Details: ${slackText(v.runLabel, 200)}`, blocks: detailBlocks(v).slice(0, SLACK_LIMITS.blocks) };
}

/** A later run failing the same way, as one line in the thread. */
export function renderSlackAgain(report: Report): SlackMessage {
  const text = againLine(buildVerdictLine(report));
  return { text, blocks: [section(text)] };
}

function topBlocks(v: ReportView, line: VerdictLine): Block[] {
  if (v.run.result === 'SUCCESS') return [section(`✅ ${slackText(v.runLabel, 200)} passed`)];
  return [verdictSection(line), verdictContext(line)];
}

function detailBlocks(v: ReportView): Block[] {
  const blocks: Block[] = [];
  // Nothing explains the run: the key lines are the answer, so they come first.
  const keyLines = v.top ? null : keyLinesText(v);
  if (keyLines) blocks.push(section(keyLines));
  blocks.push(section(causeText(v)));
  const facts = v.top ? factsText(v.top) : null;
  if (facts) blocks.push(section(facts));
  blocks.push(section(historyText(v)));
  const evidence = v.top ? evidenceText(v.top, v.run.url) : null;
  if (evidence) blocks.push(section(evidence));
  blocks.push(section(suspectsText(v)));
  const notes = notesContext(v);
  if (notes) blocks.push(notes);
  return blocks;
}

function notification(v: ReportView, line: VerdictLine): string {
  if (v.run.result === 'SUCCESS') return `${slackText(v.runLabel, 200)} passed`;
  // Without a finding, the notification quotes the line most likely to state the cause.
  const key = v.top ? null : v.keyLines[0];
  if (key) return `${slackText(`${v.runLabel} failed`, 200)}: ${slackText(key.text, 300)}`;
  return verdictNotification(line);
}

function actionsBlock(v: ReportView, triageId: string | null): Block | null {
  const elements: Block[] = [];
  if (v.run.url && isSlackSafeUrl(v.run.url)) elements.push(button('Open run', OPEN_RUN_ACTION_ID, { url: v.run.url }));
  const suspect = v.suspects[0];
  if (suspect && isSlackSafeUrl(suspect.url)) {
    elements.push(button('Open suspect PR', OPEN_SUSPECT_ACTION_ID, { url: suspect.url }));
  }
  if (v.top) {
    const value = encodeWrongCauseValue({ t: triageId, f: v.top.fingerprint, c: v.top.classifier });
    elements.push(button('Wrong cause?', WRONG_CAUSE_ACTION_ID, { value }));
  }
  return elements.length > 0 ? { type: 'actions', block_id: 'ci_triage_actions', elements } : null;
}

function button(label: string, actionId: string, extra: { url?: string; value?: string }): Block {
  return {
    type: 'button',
    text: { type: 'plain_text', text: slackPlain(label, SLACK_LIMITS.buttonText), emoji: true },
    action_id: actionId,
    ...extra,
  };
}
