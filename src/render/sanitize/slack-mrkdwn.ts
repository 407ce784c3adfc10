import { stripControl } from '../../redact/index.ts';
import { capText } from './cap.ts';
import { ZWJ } from './markdown.ts';

// Slack mrkdwn for untrusted text. Slack asks apps to escape only `&`, `<` and `>`: with those
// escaped, `<!channel>`, `<!subteam^…>`, `<@U123>` and `<url|label>` cannot be formed. Bare
// `@channel`/`@here`/`@user` are defused with a ZWJ because `link_names` would turn them into pings.
// Backticks are swapped for a look-alike so a log line cannot close our code span or block.

const GRAVE_LOOKALIKE = '\u02cb';

/** Strip controls and bidi overrides, escape `&`, `<`, `>` and defuse `@name`: safe inside any mrkdwn text. */
export function slackEscape(text: string): string {
  return stripControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, `@${ZWJ}`);
}

/** One line of escaped prose, capped before escaping. */
export function slackText(text: string, max = 500): string {
  return slackEscape(capText(oneLine(text), max));
}

/** Inline code for a literal value. */
export function slackCode(text: string, max = 200): string {
  const flat = capText(oneLine(text), max);
  return flat === '' ? '_(empty)_' : `\`${slackEscape(flat.replace(/`/g, GRAVE_LOOKALIKE))}\``;
}

/** A ``` block; lines are already capped by the caller. */
export function slackCodeBlock(lines: readonly string[]): string {
  const body = lines.map((l) => slackEscape(l.replace(/`/g, GRAVE_LOOKALIKE).replace(/\r/g, ''))).join('\n');
  return `\`\`\`\n${body}\n\`\`\``;
}

/** Our own link; the label is escaped and an unusable URL leaves plain text. */
export function slackLink(label: string, url: string | null): string {
  const text = slackEscape(oneLine(label)).replace(/\|/g, '¦');
  return url && isSlackSafeUrl(url) ? `<${url}|${text}>` : text;
}

export function isSlackSafeUrl(url: string): boolean {
  return url.length <= 3000 && /^https?:\/\/[^\s<>|"'`]+$/i.test(url);
}

/** Text for `plain_text` objects (headers, buttons): Slack renders it literally; only cap and flatten. */
export function slackPlain(text: string, max: number): string {
  return capText(oneLine(text).replace(/@(?=\w)/g, `@${ZWJ}`), max);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
