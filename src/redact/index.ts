export { REDACTED, redactSecrets, SECRET_PATTERNS } from './detect-secrets.ts';
export type { SecretPattern } from './detect-secrets.ts';
export { cleanLogText, redactReport } from './redact-report.ts';
export { CONTROL_PATTERNS, stripControl } from './strip-control.ts';
