export { createSlackReporter } from './slack-reporter.ts';
export type { SlackFile, SlackReporter, SlackReporterOptions } from './slack-reporter.ts';
export { SlackDeliverError, slackCallError } from './slack-api.ts';
export type { PostMessageArgs, SlackApi, SlackDeliverErrorCode } from './slack-api.ts';
export { deliverToResponseUrl } from './response-url.ts';
export type { ResponseUrlOptions } from './response-url.ts';
