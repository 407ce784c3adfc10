// Incident alerts to Slack: routed by rule, one parent per job and cause, later runs threaded.
export { deliverChannelAlert } from './deliver-incident-alert.ts';
export type { AlertDeps, AlertOutcome, AlertStore, Incident } from './deliver-incident-alert.ts';
