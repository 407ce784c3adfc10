import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// The Prometheus metrics of one process (scraped at /metrics). One registry per process, like the
// logger: the modules that observe import `metrics`; the composition root supplies the queue probe.

/** Queued jobs of one kind: the store counts them in one query per scrape. */
export interface QueueSnapshot {
  kind: string;
  depth: number;
  /** Seconds the oldest queued job has waited; 0 when none waits. */
  oldestAgeSeconds: number;
}

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ci_triage_' });
  let probe: (() => Promise<QueueSnapshot[]>) | null = null;
  let snapshot: Promise<QueueSnapshot[]> | null = null;
  /** Kinds seen at a scrape: one whose jobs all left the store reads 0 rather than vanishing. */
  const kinds = new Set<string>();
  // One store query per scrape, shared by both gauges.
  const read = () => {
    snapshot ??= (probe ? probe() : Promise.resolve([]))
      .then((stats) => {
        for (const s of stats) kinds.add(s.kind);
        const byKind = new Map(stats.map((s) => [s.kind, s]));
        return [...kinds].sort().map((kind) => byKind.get(kind) ?? { kind, depth: 0, oldestAgeSeconds: 0 });
      })
      .finally(() => {
        setImmediate(() => {
          snapshot = null;
        });
      });
    return snapshot;
  };
  const registers = [registry];
  return {
    registry,
    setQueueProbe(fn: (() => Promise<QueueSnapshot[]>) | null) {
      probe = fn;
    },
    webhooksReceived: new Counter({
      name: 'ci_triage_webhooks_received_total',
      help: 'Webhook deliveries accepted (signature checked), by event',
      labelNames: ['event'],
      registers,
    }),
    webhooksRejected: new Counter({
      name: 'ci_triage_webhooks_rejected_total',
      help: 'Webhook deliveries refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    jobs: new Counter({
      name: 'ci_triage_jobs_total',
      help: 'Queue jobs settled, by kind and outcome (done, retry, failed)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'ci_triage_queue_depth',
      help: 'Jobs waiting in the queue (queued, due or scheduled), by kind',
      labelNames: ['kind'],
      registers,
      async collect() {
        for (const s of await read()) this.set({ kind: s.kind }, s.depth);
      },
    }),
    queueAge: new Gauge({
      name: 'ci_triage_queue_oldest_age_seconds',
      help: 'How long the oldest queued job has waited, by kind',
      labelNames: ['kind'],
      registers,
      async collect() {
        for (const s of await read()) this.set({ kind: s.kind }, s.oldestAgeSeconds);
      },
    }),
    triageDuration: new Histogram({
      name: 'ci_triage_triage_duration_seconds',
      help: 'Time to analyse one run (ingest, analyse, suspects), by trigger',
      labelNames: ['trigger'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    findings: new Counter({
      name: 'ci_triage_findings_total',
      help: 'Findings in saved triages, by classifier',
      labelNames: ['classifier'],
      registers,
    }),
    githubRequests: new Counter({
      name: 'ci_triage_github_requests_total',
      help: 'GitHub API requests of the engine, by purpose (suspects, other) and status',
      labelNames: ['purpose', 'status'],
      registers,
    }),
    githubRateLimitRemaining: new Gauge({
      name: 'ci_triage_github_ratelimit_remaining',
      help: 'x-ratelimit-remaining of the last GitHub answer, by rate-limit resource',
      labelNames: ['resource'],
      registers,
    }),
    slackPosts: new Counter({
      name: 'ci_triage_slack_posts_total',
      help: 'Slack Web API posts (messages, uploads), by outcome',
      labelNames: ['call', 'outcome'],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof build>;

export const metrics: Metrics = build();

/** Which engine requests are the suspect finder's (PR lists, PR files, commits, compares). */
export function githubPurpose(url: string): 'suspects' | 'other' {
  return /\/(pulls|commits|compare)(\/|\?|$)/.test(new URL(url, 'https://x').pathname) ? 'suspects' : 'other';
}
