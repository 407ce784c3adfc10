import type { SlackReporter } from '../../deliver/slack/index.ts';
import { buildReportView, renderSlackAgain, renderSlackAlert, renderSlackDetails } from '../../render/index.ts';
import type { AlertClaimRequest, SlackStore } from '../../store/slack-types.ts';
import type { Report } from '../../types.ts';
import type { Logger } from '../../logger.ts';

// A new incident (a failed run the App triaged) goes to the channels its routes name, one slack-alert
// job per channel (src/slack/jobs). The first run
// of a job failing for a cause posts the verdict line with its buttons and puts the details in its
// thread, once; later runs with the same cause are one line in that thread. The
// claim (store) comes before the post, so a restart or a second instance threads instead of
// re-posting the parent, and the same run is never alerted twice in a channel.

export type AlertStore = Pick<SlackStore, 'claimAlert' | 'completeAlertParent' | 'releaseAlert'>;

export interface AlertDeps {
  store: AlertStore;
  reporter: SlackReporter;
  /** This instance's id. */
  owner: string;
  log: Logger;
  /** A parent claim older than this whose post never completed is taken over. */
  staleMs?: number;
  /** How long to wait for another instance that is posting the parent right now. */
  pendingWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Incident {
  report: Report;
  /** owner/name of the repository the App triaged for, when known. */
  repo: string | null;
  /** The stored triage, for the "Wrong cause?" button. */
  triageId: number | null;
}

export type AlertOutcome = { channel: string; kind: 'posted' | 'threaded' | 'duplicate'; ts: string | null };

const NO_FINDING = 'unclassified';

/** One channel's alert (a slack-alert job); a failed post releases the claim and throws the coded Slack error. */
export async function deliverChannelAlert(deps: AlertDeps, incident: Incident, channel: string): Promise<AlertOutcome> {
  const run = incident.report.run;
  const fingerprint = buildReportView(incident.report).top?.fingerprint ?? NO_FINDING;
  const req = {
    channel,
    job: run.job,
    fingerprint,
    buildId: run.buildId,
    owner: deps.owner,
    staleMs: deps.staleMs ?? 120_000,
  };
  // A failure is logged once, by the queue (with the job id, and whether it will be retried).
  return alertChannel(deps, incident, req);
}

async function alertChannel(deps: AlertDeps, incident: Incident, req: AlertClaimRequest): Promise<AlertOutcome> {
  const claim = await claimWhenReady(deps, req);
  if (claim.kind === 'duplicate') return { channel: req.channel, kind: 'duplicate', ts: null };
  const triageId = incident.triageId === null ? undefined : String(incident.triageId);
  try {
    if (claim.kind === 'parent') {
      const ts = await deps.reporter.post(req.channel, renderSlackAlert(incident.report, { triageId }));
      await deps.store.completeAlertParent(req, req.owner, ts);
      deps.log.info({ channel: req.channel, job: req.job, ts }, 'slack alert posted');
      await postDetails(deps, req, incident, ts);
      return { channel: req.channel, kind: 'posted', ts };
    }
    const ts = await deps.reporter.post(req.channel, renderSlackAgain(incident.report), claim.ts);
    deps.log.info({ channel: req.channel, job: req.job, threadTs: claim.ts }, 'slack alert threaded');
    return { channel: req.channel, kind: 'threaded', ts };
  } catch (err) {
    await deps.store.releaseAlert(req);
    throw err;
  }
}

// The alert is claimed and posted: a failed details reply must not release the claim (a retry would
// post a second alert), so it is logged, not thrown.
async function postDetails(deps: AlertDeps, req: AlertClaimRequest, incident: Incident, ts: string): Promise<void> {
  try {
    await deps.reporter.post(req.channel, renderSlackDetails(incident.report), ts);
  } catch (err) {
    deps.log.warn({ channel: req.channel, job: req.job, ts, err }, 'slack alert details failed');
  }
}

type ReadyClaim = { kind: 'duplicate' } | { kind: 'parent' } | { kind: 'reply'; ts: string };

/** Another instance posting the parent right now: wait for its ts (bounded), then give up with a retryable error. */
async function claimWhenReady(deps: AlertDeps, req: AlertClaimRequest): Promise<ReadyClaim> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tries = 10;
  for (let i = 0; i < tries; i++) {
    const claim = await deps.store.claimAlert(req);
    if (claim.kind !== 'pending') return claim;
    await sleep((deps.pendingWaitMs ?? 5000) / tries);
  }
  throw Object.assign(new Error(`another instance is still posting the first alert for ${req.job} in ${req.channel}`), {
    permanent: false,
  });
}
