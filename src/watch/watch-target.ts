// A periodic (or postsubmit) job whose runs are watched: where its builds live in GCS. Configured as
// `gs://<bucket>/logs/<job>` or as the Prow page people copy, `https://<prow>/job-history/gs/<bucket>/logs/<job>`.

export interface WatchTarget {
  /** Stable identity, also the store key: `gs://<bucket>/<prefix>`. */
  key: string;
  bucket: string;
  /** The job's folder in the bucket, without slashes at either end, e.g. `logs/periodic-foo`. */
  prefix: string;
  job: string;
  /** Deck base URL when the target was given as a job-history page (its run links point there). */
  prowUrl: string | null;
}

const FORMS =
  'a gs://<bucket>/logs/<job> path or a Prow job-history URL such as https://prow.k8s.io/job-history/gs/<bucket>/logs/<job>';
const SEGMENT = /^[\w.-]+$/;
const GS = /^gs:\/\/([^/\s]+)\/(.+?)\/*$/;
const HISTORY = /^(https?:\/\/[^\s]+?)\/job-history\/gs\/([^/\s]+)\/(.+?)\/*$/;

export type ParsedWatchTarget = { ok: true; target: WatchTarget } | { ok: false; error: string };

/** Parses one configured location; the error names the value and the accepted forms. */
export function parseWatchTarget(value: string): ParsedWatchTarget {
  // A job-history page may carry `?buildId=` (paging) or a fragment: neither changes the job.
  const text = value.trim().replace(/^(https?:[^?#]*)[?#].*$/, '$1');
  const gs = GS.exec(text);
  const history = gs ? null : HISTORY.exec(text);
  const bucket = gs?.[1] ?? history?.[2];
  const path = gs?.[2] ?? history?.[3];
  if (bucket === undefined || path === undefined) return { ok: false, error: `"${text}" is not ${FORMS}` };
  const segments = path.split('/');
  if (!SEGMENT.test(bucket) || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
    return { ok: false, error: `"${text}" has an invalid bucket or job path: expected ${FORMS}` };
  }
  const job = segments.at(-1) ?? '';
  if (/^\d+$/.test(job))
    return { ok: false, error: `"${text}" names one run (build ${job}): give the job's folder, without the build id` };
  return {
    ok: true,
    target: { key: `gs://${bucket}/${path}`, bucket, prefix: path, job, prowUrl: history?.[1] ?? null },
  };
}
