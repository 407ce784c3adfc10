// Parses every file of a pull request once; scoring and dangling-preset detection both read the result.
import { changedLines, parsePatch, type PatchHunk, type PatchLine } from './patch-lines.ts';
import { presetChanges, type PresetChanges } from './preset-changes.ts';
import type { PrFile, PullWithFiles } from './types.ts';

export interface FileAnalysis {
  file: PrFile;
  hunks: PatchHunk[];
  changed: PatchLine[];
  presets: PresetChanges;
}

export interface PullAnalysis {
  pull: PullWithFiles;
  files: FileAnalysis[];
  /** Preset labels whose definition this PR removes and does not re-add elsewhere (a move is not a removal). */
  removedPresets: Set<string>;
  addedPresets: Set<string>;
}

export function analyzePull(pull: PullWithFiles): PullAnalysis {
  const files = pull.files.map((file) => {
    const hunks = parsePatch(file.patch);
    return { file, hunks, changed: changedLines(hunks), presets: presetChanges(hunks) };
  });
  const added = new Set(files.flatMap((f) => f.presets.addedLabels.map((l) => l.name)));
  const removed = new Set(
    files.flatMap((f) => f.presets.removedLabels.map((l) => l.name)).filter((n) => !added.has(n)),
  );
  return { pull, files, removedPresets: removed, addedPresets: added };
}

const JOB_NAME_LINE = /^\s*(?:-\s+)?name:\s*["']?([\w.-]+)["']?\s*(?:#.*)?$/;

/** Files that define the job: the known path, plus any file whose patch shows `name: <job>`. */
export function findJobFiles(analyses: PullAnalysis[], job: string, known: string | null): Set<string> {
  const paths = new Set<string>(known ? [known] : []);
  if (!job) return paths;
  for (const a of analyses) {
    for (const f of a.files) {
      const named = f.hunks.some((h) => h.lines.some((l) => JOB_NAME_LINE.exec(l.text)?.[1] === job));
      if (named) paths.add(f.file.filename);
    }
  }
  return paths;
}
