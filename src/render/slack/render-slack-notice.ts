import { slackText } from '../sanitize/index.ts';
import type { SlackMessage } from './render-slack-report.ts';

// One-line replies: an error, or the "working on it" acknowledgement before a triage starts.

export function renderSlackError(message: string): SlackMessage {
  const text = `:warning: ${slackText(message, 1000)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function renderSlackAck(runLabel: string): SlackMessage {
  const text = `:hourglass_flowing_sand: Triaging ${slackText(runLabel, 500)}…`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
