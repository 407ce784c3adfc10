// Types of the analyze stage: what a scan of one run keeps (RunObservations), the caps it obeys,
// and the shape of line observers (core classifiers and the rule catalog) the scanner drives.
import type { EvidenceLine, PodInfo, RunInfo, RunnerHeader } from '../types.ts';

/** Caps that keep memory flat whatever the size of a log. */
export interface ScanLimits {
  /** Bytes read per artifact; the rest is skipped with a problem note. */
  maxBytesPerArtifact: number;
  /** Bytes read per run, over all artifacts. */
  maxBytesPerRun: number;
  /** Longer lines are cut to this many bytes (the rest is neither matched nor kept). */
  maxLineBytes: number;
  /** The head of each artifact (this many lines or bytes, whichever comes first) is read line by line. */
  headLines: number;
  headBytes: number;
  /** Normalised lines kept for the vanished-line diff (per run). */
  maxDigestLines: number;
  /** Characters of a line kept as evidence text. */
  maxEvidenceChars: number;
  /** The last bytes of each artifact are handed, line by line, to observers that read the tail (key lines). */
  tailBytes: number;
}

/** A literal that marks a line worth a closer look; cheap to find in bulk. */
export interface Trigger {
  text: string;
  ignoreCase: boolean;
}

/** A line handed to an observer. `text` is decoded, without the line break, at most maxLineBytes long. */
export interface ScanLine {
  artifact: string;
  line: number; // 1-based
  text: string;
  /** true when the line came as a follow-up the observer asked for, not through its triggers. */
  followUp: boolean;
  /**
   * The texts of this observer's triggers found on the line (set by the scanner; empty on follow-up
   * lines), so an observer with many wordings can try only the ones whose anchor is there. Unset
   * when not known (a line whose ANSI codes were removed: a literal may have been split by one);
   * the observer then tries everything.
   */
  hits?: readonly string[];
}

/**
 * Something that watches a run's lines through the scanner. `onLine` sees only lines containing one
 * of its triggers, plus the follow-up lines it asked for (its return value: how many lines after this
 * one it wants to see). State must be plain JSON data and bounded.
 */
export interface LineObserver<S = unknown> {
  id: string;
  triggers: Trigger[];
  init(): S;
  onLine(state: S, line: ScanLine): number | void;
  /** Every line of each artifact's head, whatever its triggers (for things like env dumps). */
  onHeadLine?(state: S, line: ScanLine): void;
  /**
   * Every line of each artifact's tail (its last `tailBytes`), whatever its triggers, after the scan of
   * the artifact: the end of a log is where the failure usually is. Lines may also have come through
   * the head or the triggers: the observer dedupes.
   */
  onTailLine?(state: S, line: ScanLine): void;
  /** Called after the last line of each artifact (e.g. to drop half-matched sequences). */
  endArtifact?(state: S, artifact: string): void;
}

/** One normalised line of a run, kept for the vanished-line diff. */
export interface DigestEntry {
  key: string;
  artifact: string;
  line: number;
  text: string;
}

export interface ArtifactSummary {
  name: string;
  bytes: number;
  lines: number;
  complete: boolean;
}

/** What one scan of a run keeps: small, bounded, plain JSON (so it can be cached or stored). */
export interface RunObservations {
  schemaVersion: 1;
  info: RunInfo;
  /** The sorted `NAME=value` block kubernetes_e2e.py prints after `Environment:`; null when absent. */
  logEnv: { vars: Record<string, string>; artifact: string; lines: Record<string, number> } | null;
  artifacts: ArtifactSummary[];
  /** Distinct normalised lines from the head of each artifact, in order of first appearance. */
  digest: DigestEntry[];
  digestComplete: boolean;
  /** Pod status and events from podinfo.json, as recorded (absent in observations stored before it was kept). */
  pod?: PodInfo | null;
  /** The Actions runner's header (image, runner version, resolved actions); absent or null elsewhere. */
  runner?: RunnerHeader | null;
  /** Per-observer state, keyed by observer id. */
  observers: Record<string, unknown>;
  /** What could not be read or was cut, in plain words. */
  problems: string[];
}

export type { EvidenceLine };
