import { isIngestError } from '../ingest/index.ts';
import { CodedError } from '../errors.ts';

// One clear line for each way a /triage can fail, so the user learns whether to fix the argument,
// wait, or ask an admin. Never the stack, never silence.

/** Thrown by the command service for answers that are not engine failures (bad input, nothing found). */
export class CommandError extends CodedError<'command'> {
  constructor(message: string) {
    super('command', message);
  }
}

const UPSTREAM_CODES = new Set(['rate-limited', 'timeout', 'network', 'http-error']);

export function describeCommandError(err: unknown, what: string): string {
  if (err instanceof CommandError) return err.message;
  if (isIngestError(err)) {
    if (err.code === 'unsupported-ref') return `Cannot triage ${what}: ${err.message}`;
    if (err.code === 'not-found') return `Run not found: ${what} (${err.message})`;
    if (err.code === 'access-denied') return `Access denied while reading ${what}: ${err.message}`;
    if (UPSTREAM_CODES.has(err.code))
      return `The CI storage or API is not answering right now (${err.message}); try again in a few minutes.`;
    return `Could not read ${what}: ${err.message}`;
  }
  const status = (err as { status?: unknown })?.status;
  if (typeof status === 'number') {
    if (status === 404) return `Not found on GitHub: ${what}`;
    if (status === 401 || status === 403)
      return `GitHub refused the lookup for ${what} (HTTP ${status}); the app may lack access to that repository.`;
    if (status === 429 || status >= 500)
      return `GitHub is not answering right now (HTTP ${status}); try again in a few minutes.`;
  }
  if ((err as { name?: unknown })?.name === 'TimeoutError')
    return `Triage of ${what} took too long and was stopped; try again later.`;
  const message = err instanceof Error ? err.message : String(err);
  return `Triage of ${what} failed: ${message.slice(0, 300)}`;
}
