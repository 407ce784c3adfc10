export { createIntake } from './intake.ts';
export type { Intake, IntakeDeps, IntakeResult } from './intake.ts';
export { JOB_KINDS } from './jobs.ts';
export { createJobHandlers } from './processor/index.ts';
export type { AppServices, TriageScope } from './processor/index.ts';
export { parseRunUrl, webUrlFromApiUrl } from './run-url.ts';
export type { RunLink, RunUrlSettings } from './run-url.ts';
