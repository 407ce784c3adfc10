import { isJobIgnored } from '../../config/index.ts';
import type { JobContext, JobHandler } from '../../queue/index.ts';
import { describeJobError } from '../../queue/index.ts';
import type { PrJobEntry } from '../../store/types.ts';
import type { Report } from '../../types.ts';
import { listOpenPullsForCommit } from '../github-reads.ts';
import { JOB_KINDS, commentSyncJob, parsePayload, triageRunSchema } from '../jobs.ts';
import { loadRepoSettings } from '../repo-settings.ts';
import type { RepoSettings } from '../repo-settings.ts';
import { parseRunUrl } from '../run-url.ts';
import { metrics } from '../../ops/index.ts';
import type { AppServices } from './services.ts';
import { afterTriaged, enqueueFollowUps, errorText } from './services.ts';

type TriageRun = ReturnType<typeof triageRunSchema.parse>;

/** Analyses one run and records the result on the PR(s) it belongs to; the comment follows as a comment-sync. */
export function triageRunHandler(s: AppServices): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(triageRunSchema, payload, JOB_KINDS.triageRun);
      const client = await s.github(p.installationId);
      const settings = await loadRepoSettings(client, p.repo, s.repoConfig, s.settings.rulesDir, s.screenRules);
      const skip = skipReason(settings, p, p.job);
      if (skip) return log.info({ repo: p.repo, job: p.job }, skip);
      const prs = p.prs ?? (p.sha ? await listOpenPullsForCommit(client, p.repo, p.sha) : []);
      if (prs.length === 0)
        return log.info(
          { repo: p.repo, sha: p.sha, job: p.job },
          'no open pull request for this run: nothing to comment on',
        );

      const triage = await s.triageFor({ installationId: p.installationId, repo: p.repo });
      const timer = metrics.triageDuration.startTimer({ trigger: p.trigger });
      const report = await triage({
        source: p.url,
        suspects: true,
        configRepos: settings.config.config_repos,
        rulesFiles: settings.rulesFiles,
      });
      timer();
      const job = p.job ?? report.run.job;
      const late = skipReason(settings, p, job);
      if (late) return log.info({ repo: p.repo, job }, late);

      // Once per repo, job and build: a job re-run after its worker died does not triage (or alert) twice.
      const saved = await s.store.saveTriageOnce({ repo: p.repo, trigger: p.trigger, report });
      if (saved.created) for (const f of report.findings) metrics.findings.inc({ classifier: f.classifier });
      // Also when it was saved before: the earlier attempt may have died before enqueueing the alerts
      // (their dedupe keys keep them to one).
      await afterTriaged(s, { report, repo: p.repo, triageId: saved.id }, saved.created, log);
      await record(s, p, prs, settings.note, entry(s, p, job, report, null));
      log.info(
        { repo: p.repo, prs, job, buildId: report.run.buildId, findings: report.findings.length },
        'run triaged',
      );
    },

    // Out of attempts or a permanent error: say so on the PR instead of staying silent, unless the
    // repository's config cannot be read or turns the app off there.
    async onGiveUp(payload, error, ctx) {
      const parsed = triageRunSchema.safeParse(payload);
      if (!parsed.success) return;
      await recordFailure(s, parsed.data, error, ctx);
    },
  };
}

async function recordFailure(s: AppServices, p: TriageRun, error: unknown, { log }: JobContext): Promise<void> {
  try {
    const client = await s.github(p.installationId);
    const settings = await loadRepoSettings(client, p.repo, s.repoConfig, s.settings.rulesDir, s.screenRules);
    const job = p.job ?? jobNameFromUrl(s, p.url);
    if (skipReason(settings, p, job)) return;
    const prs = p.prs ?? (p.sha ? await listOpenPullsForCommit(client, p.repo, p.sha) : []);
    await record(s, p, prs, settings.note, entry(s, p, job, null, errorText(error)));
  } catch (err) {
    log.warn({ repo: p.repo, url: p.url, err: describeJobError(err) }, 'could not record the triage failure on the PR');
  }
}

function skipReason(settings: RepoSettings, p: TriageRun, job: string | null): string | null {
  if (!settings.config.enabled) return 'ci-triage is disabled for this repository';
  if (job && !p.force && isJobIgnored(settings.config, job)) return 'job is listed in ignore_jobs';
  return null;
}

function entry(s: AppServices, p: TriageRun, job: string, report: Report | null, error: string | null): PrJobEntry {
  const passed = report?.run.result === 'SUCCESS';
  return {
    job,
    url: p.url,
    status: passed ? 'resolved' : 'failing',
    report,
    error,
    updatedAt: s.clock().toISOString(),
    eventAt: p.eventAt,
  };
}

async function record(s: AppServices, p: TriageRun, prs: number[], note: string | null, e: PrJobEntry): Promise<void> {
  const changed: number[] = [];
  for (const pr of prs) {
    await s.store.savePrConfigNote(p.repo, pr, note);
    if (await s.store.savePrJob(p.repo, pr, e)) changed.push(pr);
  }
  await enqueueFollowUps(
    s,
    changed.map((pr) => commentSyncJob({ installationId: p.installationId, repo: p.repo, pr }, s.settings.maxAttempts)),
  );
}

function jobNameFromUrl(s: AppServices, url: string): string {
  const link = parseRunUrl(url, s.settings);
  if (link?.kind === 'actions') return `Actions run ${link.runId}`;
  return link?.job ?? url;
}
