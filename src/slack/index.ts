// Slack-side services: config, routing, the /triage command and "Wrong cause?" feedback. No bolt here:
// handlers/slack adapts bolt's listeners to these.
export { loadSlackConfig, slackEnvSchema, slackEnvShape } from './config.schema.ts';
export type { LoadSlackConfigOptions, SlackConfig } from './config.schema.ts';
export { alertChannels, channelRoutes, digestChannels, parseSlackRoutes, routeMatches } from './routes.ts';
export type { RouteTarget, SlackRoute } from './routes.ts';
export { channelDigestTarget, scheduledDigestTargets } from './channel-scope.ts';
export { parseTriageCommand } from './parse-triage-command.ts';
export type { ParseOptions, TriageCommand } from './parse-triage-command.ts';
export { ackMessage, helpMessage, needsWork } from './command-replies.ts';
export { CommandError, describeCommandError } from './command-errors.ts';
export { answerTriageCommand } from './triage-command.ts';
export type { CommandContext, TriageCommandDeps, WorkCommand } from './triage-command.ts';
export { storeLatestRedRun } from './store-latest-red-run.ts';
export { recordWrongCause } from './record-wrong-cause.ts';
export type { WrongCauseClick } from './record-wrong-cause.ts';
export type { LatestRedRun, PrFailures, Respond, SlackReply } from './types.ts';
export { createSlackEngine } from './slack-engine.ts';
export type { SlackEngine, SlackEngineParts } from './slack-engine.ts';
