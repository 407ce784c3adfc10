import type { Suspect, SuspectReason } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';

export interface ReasonView {
  /** Our words for the reason kind, e.g. `removes preset`. */
  label: string;
  /** A diff line (`- preset-…`), shown verbatim; null for prose reasons. */
  literal: string | null;
  /** Prose from the scorer, escaped like any other text; null for diff lines. */
  prose: string | null;
  file: string | null;
}

export interface SuspectView {
  /** `owner/repo#123`: our own reference, safe to autolink. */
  ref: string;
  url: string;
  title: string;
  author: string | null;
  mergedAt: string;
  score: number;
  reasons: ReasonView[];
  moreReasons: number;
}

const KIND_LABELS: Record<string, string> = {
  'removed-preset': 'removes preset',
  'removed-env': 'removes env var',
  'job-config-changed': 'changes the job definition',
  'term-hit': 'diff mentions',
  'image-introduced': 'introduces image',
  proximity: 'timing',
};

/** `owner/repo#123` for a PR; `owner/repo@<sha>` for a commit or moved tag; the repo for a runner image. */
export function suspectRef(s: Suspect): string {
  const repo = cleanLogText(s.repo);
  if (s.number !== null) return `${repo}#${s.number}`;
  return s.sha ? `${repo}@${cleanLogText(s.sha).slice(0, 12)}` : repo;
}

export function suspectViews(suspects: Suspect[], max: number, maxReasons: number): SuspectView[] {
  return suspects.slice(0, max).map((s) => ({
    ref: suspectRef(s),
    url: s.url,
    title: capText(cleanLogText(s.title), 200),
    author: s.author ? cleanLogText(s.author) : null,
    mergedAt: s.mergedAt,
    score: s.score,
    reasons: (s.reasons ?? []).slice(0, maxReasons).map(reasonView),
    moreReasons: Math.max(0, (s.reasons ?? []).length - maxReasons),
  }));
}

function reasonView(r: SuspectReason): ReasonView {
  const text = capText(cleanLogText(r.text ?? ''), 300);
  const label = KIND_LABELS[r.kind] ?? cleanLogText(r.kind).replace(/-/g, ' ');
  return {
    label,
    literal: r.sign && text ? `${r.sign} ${text}` : null,
    prose: r.sign || !text ? null : text,
    file: r.file ? cleanLogText(r.file) : null,
  };
}

/** `0.912` → `0.91`; scores above 1 (raw points) are shown rounded to one decimal. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '?';
  return score <= 1 ? score.toFixed(2) : score.toFixed(1);
}
