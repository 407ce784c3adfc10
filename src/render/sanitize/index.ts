export { KEY_VALUE_PATTERN, looksRandom, REDACTED, redactSecrets, SECRET_REPLACEMENTS } from './redact-secrets.ts';
export type { RedactionStep } from './redact-secrets.ts';
export { cleanLogText, stripControl } from './clean-log-text.ts';
export { capText, capLines, ELLIPSIS } from './cap.ts';
export type { LineCaps } from './cap.ts';
export { defuseGithubRefs, htmlText, isSafeUrl, mdCode, mdCodeBlock, mdLink, mdText, ZWJ } from './markdown.ts';
export {
  isSlackSafeUrl,
  slackCode,
  slackCodeBlock,
  slackEscape,
  slackLink,
  slackPlain,
  slackText,
} from './slack-mrkdwn.ts';
