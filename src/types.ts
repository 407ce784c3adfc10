// Domain types shared by every stage: ingest -> analyze -> suspects -> render -> deliver.
// Stages depend on these, never on each other's internals.

export type JobType = 'presubmit' | 'postsubmit' | 'periodic' | 'batch' | 'workflow' | 'unknown';
export type RunResult = 'SUCCESS' | 'FAILURE' | 'ERROR' | 'ABORTED' | 'PENDING' | 'UNKNOWN';

/** A repository checked out by the run (Prow `refs` / `extra_refs`, or the Actions repo). */
export interface RunRef {
  org: string;
  repo: string;
  baseRef: string | null;
  baseSha: string | null;
  pulls: { number: number; sha: string | null; author: string | null; title: string | null }[];
}

/** One env var of the job's pod (Prow `prowjob.json`); `value` is null for `valueFrom` entries. */
export interface EnvVar {
  name: string;
  value: string | null;
}

/** What we know about one run, apart from its logs. */
export interface RunInfo {
  job: string;
  jobType: JobType;
  buildId: string;
  url: string | null;
  result: RunResult;
  startedAt: string | null; // ISO 8601, UTC
  finishedAt: string | null;
  /** owner/name of the main repo under test, when known. */
  repo: string | null;
  pull: number | null;
  refs: RunRef[];
  /** Pod env from prowjob.json (first container); null when unknown. */
  env: EnvVar[] | null;
  /** ProwJob labels (presets are selected by `preset-*` labels); empty when unknown. */
  labels: Record<string, string>;
  /** The job's own container image, when known. */
  image: string | null;
  /** Commit the run tested (started.json `repo-commit`, Actions head_sha). */
  commit: string | null;
  /** Where the job is defined, when known (e.g. a test-infra path or an Actions workflow file). */
  jobConfigPath: string | null;
  /** The job's own definition as the run recorded it (Prow: prowjob.json's spec and metadata), when known. */
  definition?: JobDefinition | null;
  /** The ProwJob's final status (`status.state`, `status.description`), when known. */
  prowStatus?: { state: string | null; description: string | null } | null;
}

/**
 * The definition fields of a job as one run recorded them, plain JSON: containers (image, command, args,
 * env with valueFrom refs, mounts, resources), volumes, service account, labels, annotations, cluster,
 * decoration config, refs. Per-run values (build ids, pod names, SHAs) are left out by ingest or the diff.
 */
export interface JobDefinition {
  /** Where it was read, e.g. `prowjob.json` or `.github/workflows/ci.yml@<sha>`. */
  source: string;
  /** How `fields` is laid out: a ProwJob (the default) or an Actions workflow's job (see ActionsJobFields). */
  format?: 'prowjob' | 'actions-workflow';
  fields: Record<string, unknown>;
}

/**
 * What a GitHub Actions runner prints at the top of every job log: the runner version, the hosted
 * image and its release, and the commit each `uses:` ref resolved to at the job's start.
 */
export interface RunnerHeader {
  artifact: string;
  runnerVersion: string | null;
  /** `ubuntu-24.04`, `macos-14-arm64`, ... */
  image: string | null;
  /** `20250105.1.0` */
  imageVersion: string | null;
  /** The image's release notes page (the log's `Image Release:` URL). */
  imageRelease: string | null;
  /** `actions/checkout@v4` -> the commit it resolved to. */
  actions: Record<string, string>;
}

/** A text artifact of the run, opened lazily as a byte stream. */
export interface LogArtifact {
  /** Path relative to the run root, e.g. `build-log.txt` or `artifacts/<node>/serial-1.log`. */
  name: string;
  size: number | null;
  /** The bytes in chunks; a chunk is valid only until the next one is asked for: copy what you keep. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** Kubernetes pod status as Prow records it in podinfo.json (only the parts we read). */
export interface PodInfo {
  events: {
    reason: string;
    message: string;
    type: string | null;
    time: string | null;
    /** `involvedObject.fieldPath`, e.g. `spec.initContainers{initupload}`. */
    fieldPath?: string | null;
  }[];
  containerStatuses: {
    name: string;
    image: string | null;
    waitingReason: string | null;
    waitingMessage: string | null;
    terminatedReason: string | null;
    exitCode: number | null;
    terminatedMessage?: string | null;
    /** An init container (clonerefs, initupload, place-entrypoint). */
    init?: boolean;
  }[];
  /** `pod.status.phase`, `.reason` (e.g. Evicted) and `.message`. */
  phase?: string | null;
  reason?: string | null;
  message?: string | null;
}

/** Everything ingest gathered for one run. `problems` lists what could not be read, in plain words. */
export interface RunEvidence {
  info: RunInfo;
  logs: LogArtifact[];
  podInfo: PodInfo | null;
  problems: string[];
}

/** A loadable run: the interface every source (local folder, GCS/Prow, GitHub Actions, stdin) implements. */
export interface RunSource {
  /** A stable, human-readable location (path or URL). */
  readonly location: string;
  load(): Promise<RunEvidence>;
  /** Other runs of the same job, newest first; null when the source has no notion of history. */
  history(): Promise<HistoryEntry[] | null>;
}

/** One run in a job's history, summarised cheaply (finished.json / Actions run), loadable on demand. */
export interface HistoryEntry {
  buildId: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: RunResult;
  url: string | null;
  source: RunSource;
  /** Why this run is in the history when it is not a run of the same branch (a PR's base-branch baseline). */
  note?: string;
}

// ---------- analysis ----------

export interface EvidenceLine {
  artifact: string;
  line: number; // 1-based
  text: string;
}

/** One env var that differs between the baseline and this run (`after: null`: gone). */
export interface EnvChange {
  name: string;
  before: string | null;
  after: string | null;
}

/** A preset label the job still carries whose definition is gone, with the PR that removed it once known. */
export interface DanglingPreset {
  label: string;
  removedBy: { repo: string; number: number } | null;
}

/** Facts of `image-pull-manifest`: the reference as requested, and how the run came to ask for it. */
export interface ImagePullFacts {
  /** The reference whose pull failed; null when the log never names it (docker's bare `manifest unknown`). */
  image: string | null;
  repository: string | null;
  tag?: string;
  digest?: string;
  /** Which tool printed the not-found line (docker, containerd, kubelet, ...). */
  tool: string;
  /** Id of the row of wordings/image-pull-manifest.yaml that matched it. */
  wording?: string;
  /** kind cluster being created when the pull failed. */
  cluster?: string;
  /** The failing test (Ginkgo spec) and its suite / location, when the failure is tied to one. */
  test?: string;
  suite?: string;
  location?: string;
  /** The run built or resolved `available` but asked for `requested`. */
  drift?: { requested: string; available: string[] };
  driftFrom?: 'baseline';
  resolvedVersions?: Record<string, string>;
  unresolvedSinceBaseline?: string[];
  unresolvedEvidence?: EvidenceLine[];
  occurrences: number;
}

/** Facts of `empty-env`: what came out empty, where, and what changed in the job's env since the baseline. */
/** Where an empty-env `variable` came from when the log does not name it: the failing tool reads it. */
export interface ImpliedVariable {
  /** An environment variable, or an action input (`with:`). */
  kind: 'env' | 'input';
  /** Who reads it: the failing tool, or what reads it for the tool ("the .npmrc actions/setup-node writes"). */
  reader: string;
  /** The tool's docs or source showing it reads the variable. */
  source: string;
}

export interface EmptyEnvFacts {
  errorType: string;
  parameter: string | null;
  variable: string | null;
  /** Present only when `variable` is not named in the log but implied by the tool that failed. */
  variableImplied?: ImpliedVariable;
  cmdlet?: string;
  /** The tool or command the error names, when not a PowerShell cmdlet (gcloud, gsutil, ...). */
  command?: string;
  /** Id of the row of wordings/empty-env.yaml that matched the error (absent for the generic reading). */
  wording?: string;
  image?: string;
  file?: string;
  line?: number;
  char?: number;
  code?: string;
  node?: string;
  occurrences: number;
  envChanges?: EnvChange[];
  danglingLabels?: string[];
  danglingPresets?: DanglingPreset[];
  vanishedLines?: string[];
}

/** Facts of the latent `env-drift` note: what the job lost since the baseline without failing on it yet. */
export interface EnvDriftFacts {
  latent: true;
  envChanges?: EnvChange[];
  danglingLabels?: string[];
  unresolvedSinceBaseline?: string[];
  baselineEvidence: EvidenceLine[];
}

/** Facts of a catalog rule: its named groups and context captures, plus bookkeeping. */
export type RuleFacts = Record<string, string | number | boolean> & { occurrences?: number; generic?: boolean };

/** Facts of `pod-config-error`: the pod could not be created or started as defined. */
export interface PodConfigFacts {
  reason:
    | 'secret-not-found'
    | 'configmap-not-found'
    | 'key-not-found'
    | 'service-account-not-found'
    | 'invalid-image-name'
    | 'pod-not-created'
    | 'mount-failed';
  /** The Kubernetes wording: CreateContainerConfigError, FailedMount, InvalidImageName, FailedCreate, ... */
  kubeReason: string;
  secret?: string;
  configMap?: string;
  key?: string;
  volume?: string;
  /** The env var of the job that needs the missing secret or configmap key, from the definition. */
  envVar?: string;
  serviceAccount?: string;
  image?: string;
  container?: string;
  message: string;
}

/** Facts of `pod-lifecycle`: the pod ran (or waited) and was stopped by the cluster, not by its own test. */
export interface PodLifecycleFacts {
  reason: 'pending-timeout' | 'evicted' | 'oom-killed' | 'init-container-failed';
  container?: string;
  exitCode?: number;
  message: string;
}

/** Facts of `definition-change`: a red run nothing else explains, and what changed in the job since the baseline. */
export interface DefinitionChangeFacts {
  changes: DefinitionChange[];
  /** How many fields changed in all (changes may be cut). */
  total: number;
}

export type CoreClassifierId = 'image-pull-manifest' | 'empty-env' | 'pod-config-error' | 'pod-lifecycle';
export type ClassifierId = CoreClassifierId | 'env-drift' | 'definition-change' | `rule:${string}`;

interface FindingBase {
  /** For catalog rules: the rule's category (infrastructure, test, ...). */
  category: string;
  confidence: number; // 0..1
  summary: string; // one sentence, plain English
  evidence: EvidenceLine[];
  /** Normalised identity of the failure, stable across runs (timestamps, ids, hashes removed). */
  fingerprint: string;
}

export interface ImagePullFinding extends FindingBase {
  classifier: 'image-pull-manifest';
  facts: ImagePullFacts;
}
export interface EmptyEnvFinding extends FindingBase {
  classifier: 'empty-env';
  facts: EmptyEnvFacts;
}
export interface EnvDriftFinding extends FindingBase {
  classifier: 'env-drift';
  facts: EnvDriftFacts;
}
export interface PodConfigFinding extends FindingBase {
  classifier: 'pod-config-error';
  facts: PodConfigFacts;
}
export interface PodLifecycleFinding extends FindingBase {
  classifier: 'pod-lifecycle';
  facts: PodLifecycleFacts;
}
export interface DefinitionChangeFinding extends FindingBase {
  classifier: 'definition-change';
  facts: DefinitionChangeFacts;
}
export interface RuleFinding extends FindingBase {
  /** `rule:<rule-id>` */
  classifier: `rule:${string}`;
  facts: RuleFacts;
}

/** A finding, its facts typed by the classifier that made it: narrow on `classifier` to read them. */
export type Finding =
  | ImagePullFinding
  | EmptyEnvFinding
  | EnvDriftFinding
  | PodConfigFinding
  | PodLifecycleFinding
  | DefinitionChangeFinding
  | RuleFinding;

export interface RunSummary {
  job: string;
  buildId: string;
  url: string | null;
  result: RunResult;
  startedAt: string | null;
  finishedAt: string | null;
  /** Commit the run tested (PR head for presubmits, else the checked-out commit); absent in older reports. */
  commit?: string | null;
  /** Absent in older reports; decides the rerun hint (`/test <job>` only for Prow presubmits). */
  jobType?: JobType;
}

export interface SuspectReason {
  kind: string; // e.g. 'removed-preset', 'removed-env', 'job-config-changed', 'term-hit', 'image-introduced', 'proximity'
  file: string | null;
  sign: '+' | '-' | null;
  text: string;
  /** The patch hunk the line is in (header and the lines around it), for evidence from the job's definition. */
  hunk?: string;
}

interface SuspectBase {
  repo: string;
  title: string;
  url: string;
  author: string | null;
  /** When the change landed (a PR's merge, a commit's date, when the moved tag or image was first seen). */
  mergedAt: string;
  score: number;
  reasons: SuspectReason[];
}

/** A merged (or, for a PR's own run, open) pull request. `kind` is absent in reports written before kinds. */
export interface PullSuspect extends SuspectBase {
  kind?: 'pull';
  number: number;
}

/**
 * A change that is no PR of the repo: a commit pushed without one, an action tag that moved to another
 * commit (`actions/checkout@v4`), a runner image update. `repo` is the repo it lives in
 * (`actions/runner-images`, `actions/checkout`, or the repo under test for a commit).
 */
export interface OutsideSuspect extends SuspectBase {
  kind: 'commit' | 'action-tag' | 'runner-image';
  number: null;
  /** The commit (a pushed commit, the tag's new target); null for a runner image. */
  sha: string | null;
}

export type Suspect = PullSuspect | OutsideSuspect;

export interface HistoryVerdict {
  /** broken: every run since the first red one failed the same way; flaky: it alternates with green runs. */
  pattern: 'broken' | 'flaky' | 'single' | 'unknown';
  failedSameCause: number;
  passed: number;
  failedOtherCause: number;
}

/** One field of the job's definition that differs between the baseline and this run. */
export interface DefinitionChange {
  /** e.g. `spec.containers[0].env[KUBERNETES_NODE_PLATFORM]`, `spec.cluster`, `jobs.build.steps[3].uses`. */
  path: string;
  /** Value in the baseline; null: absent there. */
  before: string | null;
  /** Value in this run; null: gone. */
  after: string | null;
  /** The change concerns the failing element (the image that failed, the secret not found, the empty variable). */
  touchesFailure: boolean;
  /** Where the definition was read (prowjob.json, a workflow file at a commit, the runner header). */
  source?: string;
}

/** A log line that likely states the cause, for runs (or readers) that need the line, not a label. */
export interface KeyLine {
  artifact: string;
  line: number; // 1-based
  text: string;
  /** Higher is more likely the cause, relative within one report. */
  score?: number;
  /** The baseline printed no line like it (after normalisation). */
  new?: boolean;
}

export interface Report {
  schemaVersion: 1;
  run: RunSummary;
  baseline: RunSummary | null;
  /** Which baseline was chosen and why, when it is not the last green run of the same branch. */
  baselineNote?: string | null;
  /** First red run of the current streak (null when unknown). */
  firstRed: RunSummary | null;
  findings: Finding[];
  suspects: Suspect[];
  /** Why suspects are missing, when they are (e.g. "suspects unavailable: GitHub answered 403"). */
  suspectsNote: string | null;
  history: HistoryVerdict | null;
  /** What changed in the job's own definition since the baseline; empty without one. */
  definitionChanges: DefinitionChange[];
  /** The lines that most likely state the cause, best first. */
  keyLines: KeyLine[];
  /** What could not be read; a partial analysis says so here. */
  problems: string[];
}

// ---------- the engine, as the adapters (CLI, GitHub App, Slack) see it ----------

export interface TriageRequest {
  /** A run: Prow view URL, gs:// path, GitHub Actions run/job URL, local path, or '-' (stdin). */
  source: string;
  /** Overrides the baseline found from the job's history. */
  baseline?: string | null;
  /** Look up suspect PRs (needs GitHub access). */
  suspects?: boolean;
  /** Extra CI-config repos to search for suspects (owner/name), beyond the configured ones. */
  configRepos?: string[];
  /** Extra rule files (YAML) beside the shipped catalog. */
  rulesFiles?: string[];
  /** Override the suspect window. */
  since?: string | null;
  until?: string | null;
}

/** The engine entry point handed to adapters by the composition root. */
export type TriageFn = (req: TriageRequest) => Promise<Report>;

/** The finding type a classifier id stands for. */
export type FindingFor<C extends ClassifierId> = C extends 'image-pull-manifest'
  ? ImagePullFinding
  : C extends 'empty-env'
    ? EmptyEnvFinding
    : C extends 'env-drift'
      ? EnvDriftFinding
      : C extends 'pod-config-error'
        ? PodConfigFinding
        : C extends 'pod-lifecycle'
          ? PodLifecycleFinding
          : C extends 'definition-change'
            ? DefinitionChangeFinding
            : RuleFinding;
