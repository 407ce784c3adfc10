export {
  OPEN_RUN_ACTION_ID,
  OPEN_SUSPECT_ACTION_ID,
  renderSlackAgain,
  renderSlackAlert,
  renderSlackDetails,
  renderSlackReport,
} from './render-slack-report.ts';
export type { SlackMessage, SlackReportOptions } from './render-slack-report.ts';
export { renderSlackAck, renderSlackError } from './render-slack-notice.ts';
export {
  encodeWrongCauseValue,
  parseWrongCauseValue,
  SLACK_BUTTON_VALUE_LIMIT,
  WRONG_CAUSE_ACTION_ID,
} from './wrong-cause-value.ts';
export type { WrongCauseValue } from './wrong-cause-value.ts';
export { SLACK_LIMITS } from './slack-fit.ts';
export type { Block } from './report-blocks.ts';
