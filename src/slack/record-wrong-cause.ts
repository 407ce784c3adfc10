import { parseWrongCauseValue, renderSlackError } from '../render/index.ts';
import type { SlackMessage } from '../render/index.ts';
import { slackCode } from '../render/sanitize/index.ts';
import type { SlackStore } from '../store/slack-types.ts';

// "Wrong cause?" on a report: record who doubted which finding of which triage, and thank them.
// Digests count these per cause, so a classifier that is often wrong shows up.

export interface WrongCauseClick {
  /** The button's value (renderSlackReport encodes triage id, fingerprint, classifier). */
  value: string;
  userId: string;
  userName: string | null;
  teamId: string | null;
  channelId: string | null;
}

export async function recordWrongCause(
  store: Pick<SlackStore, 'saveWrongCause'>,
  click: WrongCauseClick,
): Promise<SlackMessage> {
  const value = parseWrongCauseValue(click.value);
  if (!value || value.f === '')
    return renderSlackError('This button does not carry a finding this app knows; nothing was recorded.');
  const triageId = value.t !== null && /^\d{1,15}$/.test(value.t) ? Number(value.t) : null;
  const saved = await store.saveWrongCause({
    triageId,
    fingerprint: value.f,
    classifier: value.c,
    userId: click.userId,
    userName: click.userName,
    teamId: click.teamId,
    channelId: click.channelId,
  });
  const mention = /^[UW][A-Z0-9]{2,}$/.test(click.userId) ? `<@${click.userId}>` : 'you';
  const text = saved.duplicate
    ? `:ballot_box_with_check: You already flagged ${slackCode(value.c, 80)} on this run; it is counted once.`
    : `:pray: Thanks ${mention}: noted that ${slackCode(value.c, 80)} may be the wrong cause here. It counts in the next digest, where maintainers review the rules.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
