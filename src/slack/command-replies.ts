import { renderSlackAck, renderSlackError } from '../render/index.ts';
import type { SlackMessage } from '../render/index.ts';
import { slackEscape } from '../render/sanitize/index.ts';
import type { TriageCommand } from './parse-triage-command.ts';

// What the slash command answers inside Slack's 3 seconds (the HTTP response to the command itself):
// usage, a bad-argument line, or "Triaging …" before the work starts.

export function helpMessage(command: string): SlackMessage {
  const c = slackEscape(command);
  const lines = [
    `*${c}* explains why a CI run failed and which merged change probably broke it.`,
    `• \`${c} https://prow.k8s.io/view/gs/<bucket>/…/<job>/<build>\`: a Prow run`,
    `• \`${c} https://github.com/<owner>/<repo>/actions/runs/<id>\`: a GitHub Actions run`,
    `• \`${c} <owner>/<repo>#<PR>\` (or the PR's URL): every failed job of the PR`,
    `• \`${c} <job-name>\`: the job's latest failed run`,
    `• \`${c} digest [24h|7d]\`: failures of this channel's jobs over the last day or week`,
    `Add \`--channel\` to post the answer in the channel; otherwise only you see it.`,
  ];
  const text = lines.join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function ackMessage(cmd: TriageCommand, command: string): SlackMessage {
  switch (cmd.kind) {
    case 'help':
      return helpMessage(command);
    case 'invalid':
      return renderSlackError(`${cmd.message}. Try ${command} help.`);
    case 'run':
      return renderSlackAck(cmd.label);
    case 'pr':
      return renderSlackAck(`the failed jobs of ${cmd.repo}#${cmd.pr}`);
    case 'job':
      return renderSlackAck(`the latest failed run of ${cmd.job}`);
    case 'digest': {
      const text = `:bar_chart: Building the ${cmd.length} digest for this channel…`;
      return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
  }
}

/** True when the command needs work after the acknowledgement. */
export function needsWork(
  cmd: TriageCommand,
): cmd is Extract<TriageCommand, { kind: 'run' | 'pr' | 'job' | 'digest' }> {
  return cmd.kind !== 'help' && cmd.kind !== 'invalid';
}
