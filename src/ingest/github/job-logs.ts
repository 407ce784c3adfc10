import type { Octokit } from 'octokit';
import { IngestError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { githubError } from './github-error.ts';

export interface JobLogTarget {
  octokit: Octokit;
  http: HttpClient;
  owner: string;
  repo: string;
  jobId: number;
}

/**
 * Streams one job's log. GitHub answers with a redirect to a short-lived signed URL, so every call asks
 * again; the download itself goes through our HTTP client (no GitHub token sent to the blob host).
 */
export async function openJobLog(target: JobLogTarget): Promise<AsyncIterable<Uint8Array>> {
  const what = `the log of job ${target.jobId}`;
  let response;
  try {
    response = await target.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      owner: target.owner,
      repo: target.repo,
      job_id: target.jobId,
      request: { redirect: 'manual', parseSuccessResponseBody: false },
    });
  } catch (error) {
    throw githubError(error, what);
  }
  const status = response.status as number;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && typeof location === 'string') {
    const stream = await target.http.openStream(location);
    if (stream === null) throw new IngestError('not-found', `${what} has expired`);
    return stream;
  }
  // Some proxies follow the redirect themselves and hand back the body.
  const body = response.data as unknown;
  if (status === 200 && body instanceof ReadableStream) return body as ReadableStream<Uint8Array>;
  throw new IngestError('http-error', `GitHub answered ${status} without a log location for ${what}`, { status });
}
