import { isLatentFinding, rankFindings } from '../../analyze/index.ts';
import type { EvidenceLine, Finding, KeyLine, Report, RunSummary } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';
import { DEFAULT_FACT_CAPS, keyFacts } from './key-facts.ts';
import type { KeyFact } from './key-facts.ts';
import { suspectViews } from './suspect-view.ts';
import { type DefinitionChangeView, definitionChangeViews } from './definition-view.ts';
import type { SuspectView } from './suspect-view.ts';
import { baselineSentence, formatTime, relativeLabel, runLabel, verdictSentence } from './sentences.ts';

// One reading of a Report shared by every renderer, so the CLI, the PR comment and Slack agree on
// the top cause, the facts and the wording. All log-derived text is cleaned (controls, secrets) here;
// renderers only escape for their destination.

export interface FindingView {
  classifier: string;
  /** What matched and its category, e.g. `empty-env · ci-config`, `rule gcp-quota-exceeded · infrastructure`. */
  kind: string;
  cause: string;
  confidence: number;
  latent: boolean;
  facts: KeyFact[];
  evidence: EvidenceLine[];
  fingerprint: string;
}

/** A key line, cleaned; `new` when the baseline printed nothing like it. */
export interface KeyLineView {
  artifact: string;
  line: number;
  text: string;
  new: boolean | null;
}

export interface ReportView {
  run: RunSummary;
  runLabel: string;
  top: FindingView | null;
  /** The log lines most likely to state the cause, best first; renderers show them first when `top` is null. */
  keyLines: KeyLineView[];
  /** Other findings (secondary or latent), most relevant first. */
  others: FindingView[];
  noFindingText: string;
  verdict: { pattern: string; sentence: string } | null;
  baseline: { sentence: string; url: string | null; note: string | null };
  /** What changed in the job's definition since the baseline, in words, those touching the failure first. */
  definitionChanges: DefinitionChangeView[];
  firstRed: { label: string; when: string | null; url: string | null } | null;
  suspects: SuspectView[];
  moreSuspects: number;
  suspectsNote: string | null;
  problems: string[];
}

export interface ViewOptions {
  maxSuspects?: number;
  maxReasons?: number;
}

export function buildReportView(report: Report, opts: ViewOptions = {}): ReportView {
  const views = rankFindings(report.findings ?? []).map(findingView);
  const top = views[0] && !views[0].latent ? views[0] : null;
  const maxSuspects = opts.maxSuspects ?? 3;
  return {
    run: report.run,
    runLabel: runLabel(report.run),
    top,
    others: top ? views.slice(1) : views,
    keyLines: (report.keyLines ?? []).map(keyLineView),
    noFindingText: noFindingText(report),
    verdict: report.history
      ? { pattern: report.history.pattern, sentence: verdictSentence(report.history, report.firstRed, report.run) }
      : null,
    baseline: {
      sentence: baselineSentence(report.baseline, report.run),
      url: report.baseline?.url ?? null,
      note: report.baselineNote ? capText(cleanLogText(report.baselineNote), 400) : null,
    },
    definitionChanges: definitionChangeViews(report.definitionChanges ?? []),
    firstRed: report.firstRed
      ? {
          label: relativeLabel(report.firstRed, report.run),
          when: formatTime(report.firstRed.startedAt),
          url: report.firstRed.url,
        }
      : null,
    suspects: suspectViews(report.suspects ?? [], maxSuspects, opts.maxReasons ?? 3),
    moreSuspects: Math.max(0, (report.suspects ?? []).length - maxSuspects),
    suspectsNote: report.suspectsNote ? cleanLogText(report.suspectsNote) : null,
    problems: (report.problems ?? []).map((p) => capText(cleanLogText(p), 500)),
  };
}

function findingView(f: Finding): FindingView {
  return {
    classifier: f.classifier,
    kind: kindLabel(f),
    cause: capText(cleanLogText(f.summary || 'No summary given.'), 600),
    confidence: f.confidence,
    latent: isLatentFinding(f),
    facts: keyFacts(f, DEFAULT_FACT_CAPS),
    evidence: (f.evidence ?? []).map((e) => ({
      artifact: cleanLogText(e.artifact),
      line: e.line,
      text: cleanLogText(e.text),
    })),
    fingerprint: f.fingerprint,
  };
}

function keyLineView(k: KeyLine): KeyLineView {
  return {
    artifact: cleanLogText(k.artifact),
    line: k.line,
    text: capText(cleanLogText(k.text), 600),
    new: k.new ?? null,
  };
}

function kindLabel(f: Finding): string {
  const id = cleanLogText(f.classifier);
  const name = id.startsWith('rule:') ? `rule ${id.slice(5)}` : id;
  return f.category ? `${name} · ${cleanLogText(f.category)}` : name;
}

function noFindingText(report: Report): string {
  if (report.run.result === 'SUCCESS') return 'The run passed; there is nothing to triage.';
  if ((report.keyLines ?? []).length > 0)
    return 'No known failure pattern matched this run; the key lines are the log lines most likely to state the cause.';
  return 'No known failure pattern matched this run; the cause is not identified. See the log.';
}
