import type { Report } from '../../types.ts';
import { isSlackSafeUrl, slackPlain, slackText } from '../sanitize/index.ts';
import { buildReportView } from '../view/index.ts';
import type { ReportView } from '../view/index.ts';
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
import { encodeWrongCauseValue, WRONG_CAUSE_ACTION_ID } from './wrong-cause-value.ts';

// A triage report as a Slack Block Kit message. `text` is the notification/fallback line.

export const OPEN_RUN_ACTION_ID = 'ci_triage_open_run';
export const OPEN_SUSPECT_ACTION_ID = 'ci_triage_open_suspect';

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface SlackReportOptions {
  triageId?: string;
  /** Header text; defaults to `❌ <job> #<build> failed`. */
  header?: string;
}

export function renderSlackReport(report: Report, opts: SlackReportOptions = {}): SlackMessage {
  const v = buildReportView(report, { maxSuspects: 2, maxReasons: 2 });
  const header =
    opts.header ??
    `${v.run.result === 'SUCCESS' ? '✅' : '❌'} ${v.runLabel} ${v.run.result === 'SUCCESS' ? 'passed' : 'failed'}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: slackPlain(header, SLACK_LIMITS.headerText), emoji: true } },
  ];
  // Nothing explains the run: the key lines are the answer, so they come first.
  const keyLines = v.top ? null : keyLinesText(v);
  if (keyLines) blocks.push(section(keyLines));
  blocks.push(section(causeText(v)));
  const facts = v.top ? factsText(v.top) : null;
  if (facts) blocks.push(section(facts));
  blocks.push(section(historyText(v)));
  const evidence = v.top ? evidenceText(v.top) : null;
  if (evidence) blocks.push(section(evidence));
  blocks.push(section(suspectsText(v)));
  const notes = notesContext(v);
  if (notes) blocks.push(notes);
  const actions = actionsBlock(v, opts.triageId ?? null);
  if (actions) blocks.push(actions);
  return { text: fallbackText(v), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

function fallbackText(v: ReportView): string {
  // Without a finding, the notification quotes the line most likely to state the cause.
  const cause = v.top ? v.top.cause : (v.keyLines[0]?.text ?? v.noFindingText);
  const verb =
    v.run.result === 'SUCCESS' ? 'passed' : v.run.result === 'FAILURE' ? 'failed' : v.run.result.toLowerCase();
  return `${slackText(v.runLabel, 200)} ${verb}: ${slackText(cause, 300)}`;
}

function actionsBlock(v: ReportView, triageId: string | null): Block | null {
  const elements: Block[] = [];
  if (v.run.url && isSlackSafeUrl(v.run.url)) elements.push(button('Open run', OPEN_RUN_ACTION_ID, { url: v.run.url }));
  const suspect = v.suspects[0];
  if (suspect && isSlackSafeUrl(suspect.url)) {
    elements.push(button(`Open ${suspect.ref}`, OPEN_SUSPECT_ACTION_ID, { url: suspect.url }));
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
