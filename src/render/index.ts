// The render stage: pure functions of a Report (no I/O, clock or env; `now` is passed in).
export { renderText } from './text/index.ts';
export type { TextOptions } from './text/index.ts';
export { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderPrComment } from './github/index.ts';
export type { PrCommentJob, PrCommentOptions, PrCommentState } from './github/index.ts';
export {
  OPEN_RUN_ACTION_ID,
  OPEN_SUSPECT_ACTION_ID,
  parseWrongCauseValue,
  renderSlackAck,
  renderSlackAgain,
  renderSlackAlert,
  renderSlackDetails,
  renderSlackError,
  renderSlackReport,
  SLACK_LIMITS,
  WRONG_CAUSE_ACTION_ID,
} from './slack/index.ts';
export type { Block, SlackMessage, SlackReportOptions, WrongCauseValue } from './slack/index.ts';
export { buildReportView, plainCause, shortCause } from './view/index.ts';
export type { FindingView, ReportView } from './view/index.ts';
export { cleanLogText, redactSecrets, REDACTED } from './sanitize/index.ts';
