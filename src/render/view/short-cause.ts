import type { EmptyEnvFacts, Finding, ImagePullFacts } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';
import { keyFacts } from './key-facts.ts';

// The cause in one short sentence (under ~120 characters) with its key fact as code, for the verdict
// line every surface leads with. Segments keep log-derived values apart from our words, so each
// renderer escapes them for its destination (Markdown code span, Slack backticks, plain text).

export interface CauseSegment {
  text: string;
  /** A value from the log or config, shown verbatim as code. */
  code: boolean;
}

export const SHORT_CAUSE_CHARS = 120;

const w = (text: string): CauseSegment => ({ text, code: false });
const c = (text: string, max = 70): CauseSegment => ({ text: capText(cleanLogText(text), max), code: true });

export function shortCause(f: Finding): CauseSegment[] {
  const curated =
    f.classifier === 'empty-env'
      ? emptyEnvCause(f.facts as EmptyEnvFacts)
      : f.classifier === 'image-pull-manifest'
        ? imagePullCause(f.facts as ImagePullFacts)
        : null;
  return curated ?? genericCause(f);
}

export function plainCause(segments: CauseSegment[]): string {
  return segments.map((s) => s.text).join('');
}

function emptyEnvCause(f: EmptyEnvFacts): CauseSegment[] | null {
  const what = f.variable ?? f.parameter;
  if (!what) return null;
  const gone = (Array.isArray(f.envChanges) ? f.envChanges : []).filter((e) => e && e.after === null);
  // Not named in the log: the failing tool reads it, so it was likely the empty one.
  const reader = f.variable ? f.variableImplied?.reader : undefined;
  const implied = typeof reader === 'string' ? ` (${capText(cleanLogText(reader), 40)} reads it)` : '';
  const head = [c(what, 50), w(implied ? ` was likely empty${implied}` : ' was empty')];
  if (gone.length === 0) return [...head, w(f.node ? ' on the node' : '')];
  const more = gone.length > 1 ? ` and ${gone.length - 1} more env var${gone.length === 2 ? '' : 's'}` : '';
  return [...head, w('; the job lost '), c(gone[0]!.name, 40), w(more)];
}

function imagePullCause(f: ImagePullFacts): CauseSegment[] | null {
  if (!f.image) return null;
  const head = [w('image '), c(f.image, 60), w(' not found')];
  const built = Array.isArray(f.drift?.available) ? f.drift.available[0] : undefined;
  return typeof built === 'string' ? [...head, w(' (the job built '), c(built, 40), w(')')] : head;
}

/**
 * Any other finding: its summary up to the first clause that fits, with the first key-fact value it
 * mentions shown as code (rule wordings put the deciding value, e.g. the quota name, in the summary).
 */
function genericCause(f: Finding): CauseSegment[] {
  const summary = cleanLogText(f.summary || 'No summary given.');
  const text = firstClause(summary);
  const literal = keyFacts(f)
    .flatMap((k) => k.items.map((i) => i.literal))
    .find((l) => l.length >= 3 && text.includes(l));
  if (!literal) return [w(text)];
  const at = text.indexOf(literal);
  return [w(text.slice(0, at)), c(literal, literal.length), w(text.slice(at + literal.length))].filter(
    (s) => s.text !== '',
  );
}

function firstClause(summary: string): string {
  const sentence = summary.split(/(?<=[.!?])\s/)[0] ?? summary;
  if (sentence.length <= SHORT_CAUSE_CHARS) return sentence.replace(/\.$/, '');
  // A long sentence: cut at the last clause break that fits, else at a word.
  const head = sentence.slice(0, SHORT_CAUSE_CHARS);
  const br = Math.max(head.lastIndexOf(': '), head.lastIndexOf('; '), head.lastIndexOf(', '));
  return br >= 40 ? head.slice(0, br) : capText(sentence, SHORT_CAUSE_CHARS);
}
