import { isJobIgnored } from '../../config/index.ts';
import type { GitHubClient } from '../../deliver/github/index.ts';
import { reactToComment, splitRepo } from '../../deliver/github/index.ts';
import type { JobHandler } from '../../queue/index.ts';
import { getPullHead, hasWriteAccess, listFailedChecks } from '../github-reads.ts';
import { JOB_KINDS, parsePayload, triageCommandSchema, triageRunJob } from '../jobs.ts';
import type { TriageCommandJob, TriageRunJob } from '../jobs.ts';
import { DEFAULT_COMMAND } from '../comment-command.ts';
import { loadRepoSettings } from '../repo-settings.ts';
import { parseRunUrl } from '../run-url.ts';
import type { AppServices } from './services.ts';
import { enqueueFollowUps } from './services.ts';

// `/triage` and `/triage <run-url>` on a PR. Only users with write access are answered: anyone can
// comment on a public PR, and a reply to everyone would let strangers make the bot spend CI-log
// downloads and post. Others get no reply (logged at info), the way Prow's bots ignore commands from
// non-members. Accepted commands get 👀 on the comment; 😕 when there was nothing to triage.

export function triageCommandHandler(s: AppServices): JobHandler {
  return {
    async run(payload, { log }) {
      const job = parsePayload(triageCommandSchema, payload, JOB_KINDS.triageCommand);
      const client = await s.github(job.installationId);
      // The repository may rename the command (`command:` in its config, cached): settle that first.
      const settings = await loadRepoSettings(client, job.repo, s.repoConfig, s.settings.rulesDir, s.screenRules);
      const name = settings.config.command ?? s.settings.command ?? DEFAULT_COMMAND;
      const chosen = job.candidates ? job.candidates.find((c) => c.name === name) : { name, url: job.url };
      if (!chosen) return log.debug({ repo: job.repo, pr: job.pr, command: name }, 'comment has no ci-triage command');
      const p = { ...job, url: chosen.url };
      if (!(await hasWriteAccess(client, p.repo, p.user))) {
        return log.info({ repo: p.repo, pr: p.pr, user: p.user }, '/triage from a user without write access: ignored');
      }
      if (!settings.config.enabled)
        return log.info({ repo: p.repo, pr: p.pr }, '/triage ignored: ci-triage is disabled for this repository');
      const runs = p.url ? explicitRun(s, p) : await failedRunsOfPr(s, client, p);
      const wanted = runs.filter((r) => r.force || !r.job || !isJobIgnored(settings.config, r.job));
      await reactToComment(client, p.repo, p.commentId, wanted.length > 0 ? 'eyes' : 'confused', s.settings.dryRun);
      await enqueueFollowUps(
        s,
        wanted.map((r) => triageRunJob(r, null, s.settings.maxAttempts)),
      );
      log.info({ repo: p.repo, pr: p.pr, user: p.user, runs: wanted.length }, '/triage accepted');
    },
  };
}

function explicitRun(s: AppServices, p: TriageCommandJob): TriageRunJob[] {
  const link = parseRunUrl(p.url ?? '', s.settings);
  if (!link) return [];
  const job = link.kind === 'actions' ? null : link.job;
  return [{ ...common(p), sha: null, job, url: link.url, force: true }];
}

/** The PR head's failed statuses and check runs that name a run we can read; Actions jobs grouped per workflow run. */
async function failedRunsOfPr(s: AppServices, client: GitHubClient, p: TriageCommandJob): Promise<TriageRunJob[]> {
  const head = await getPullHead(client, p.repo, p.pr);
  const runs: TriageRunJob[] = [];
  const seenActionsRuns = new Set<string>();
  for (const check of await listFailedChecks(client, p.repo, head.sha)) {
    const link = parseRunUrl(check.url, s.settings);
    if (link?.kind === 'prow') runs.push({ ...common(p), sha: head.sha, job: check.job, url: link.url });
    if (link?.kind !== 'actions' || seenActionsRuns.has(link.runId)) continue;
    seenActionsRuns.add(link.runId);
    // Automatic triage keys Actions failures by workflow name (workflow_run); use the same key here.
    const run = await workflowRun(client, link.repo, link.runId);
    runs.push({ ...common(p), sha: head.sha, job: run.name, url: run.url });
  }
  return runs;
}

async function workflowRun(client: GitHubClient, repo: string, runId: string): Promise<{ name: string; url: string }> {
  const res = await client.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    ...splitRepo(repo),
    run_id: Number(runId),
  });
  const d = (res.data ?? {}) as { name?: unknown; html_url?: unknown };
  return {
    name: typeof d.name === 'string' ? d.name : `workflow run ${runId}`,
    url: typeof d.html_url === 'string' ? d.html_url : '',
  };
}

function common(p: TriageCommandJob) {
  return {
    installationId: p.installationId,
    repo: p.repo,
    prs: [p.pr],
    eventAt: p.eventAt,
    trigger: 'command' as const,
    force: false,
  };
}
