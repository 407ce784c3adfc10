import { IngestError } from '../errors.ts';

/** An Octokit RequestError (or anything thrown by a request) as a coded IngestError. */
export function githubError(error: unknown, what: string): IngestError {
  if (error instanceof IngestError) return error;
  const status =
    typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : null;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 404 || status === 410) {
    return new IngestError('not-found', `${what} was not found on GitHub (${status})`, { status, cause: error });
  }
  if (status === 401 || status === 403) {
    return new IngestError('access-denied', `GitHub refused ${what} (${status}: ${detail})`, { status, cause: error });
  }
  if (status === 429)
    return new IngestError('rate-limited', `GitHub rate limit hit for ${what}`, { status, cause: error });
  const transient = status === null || status >= 500;
  return new IngestError('http-error', `GitHub request for ${what} failed (${status ?? 'no answer'}: ${detail})`, {
    status: status ?? undefined,
    permanent: !transient,
    cause: error,
  });
}
