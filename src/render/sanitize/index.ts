export { REDACTED, redactSecrets } from '../../redact/index.ts';
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
