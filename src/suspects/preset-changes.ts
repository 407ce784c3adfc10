// Finds Prow preset definitions (`presets: - labels: {preset-x: "true"} env: [...]`) that a patch
// removes or adds. Prow silently ignores a job label whose preset no longer exists, so a removed
// definition is the strongest clue for variables that vanished from a job.
import type { PatchHunk, PatchLine } from './patch-lines.ts';

export interface PresetEntry {
  name: string;
  /** True when this very line was removed (old side) or added (new side). */
  changed: boolean;
  text: string;
}

export interface PresetBlock {
  labels: PresetEntry[];
  env: PresetEntry[];
}

export interface PresetChanges {
  removedLabels: PresetEntry[];
  addedLabels: PresetEntry[];
  /** Env entries removed from a preset block, with the labels that block was selected by. */
  removedEnv: { entry: PresetEntry; labels: string[] }[];
  /** Env entries added to a preset block, with its labels. */
  addedEnv: { entry: PresetEntry; labels: string[] }[];
}

const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*):\s*$/;
const BLOCK_START = /^\s*-\s+labels:\s*$/;
const LABEL_LINE = /^\s*(preset-[\w.-]+)\s*:\s*["']?true["']?\s*(#.*)?$/;
const ENV_KEY = /^\s*env:\s*$/;
const OTHER_KEY = /^\s*[\w-]+:\s*$/;
const UPPER = /^[A-Z][A-Z0-9_]*$/;
const ENV_NAME = /^\s*-\s+name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*(#.*)?$/;

// `unknown`: the hunk starts inside a block, so both labels and (upper-case) env names may follow.
type Mode = 'labels' | 'env' | 'other' | 'unknown';

/** Preset blocks visible on one side of a patch (old = context + removed lines, new = context + added). */
export function presetBlocks(hunks: PatchHunk[], side: 'old' | 'new'): PresetBlock[] {
  const blocks: PresetBlock[] = [];
  const changedSign = side === 'old' ? '-' : '+';
  for (const hunk of hunks) {
    // git names the enclosing top-level YAML key in the hunk header, e.g. `@@ -26,8 +26,11 @@ presets:`.
    let inPresets = /^presets:\s*$/.test(hunk.context);
    let block: PresetBlock | null = null;
    let mode: Mode = 'labels';
    for (const line of sideLines(hunk.lines, side)) {
      const entry = (name: string): PresetEntry => ({ name, changed: line.sign === changedSign, text: line.text });
      const top = TOP_LEVEL_KEY.exec(line.text);
      if (top) {
        inPresets = top[1] === 'presets';
        block = null;
        continue;
      }
      if (!inPresets) continue;
      if (BLOCK_START.test(line.text)) {
        block = { labels: [], env: [] };
        blocks.push(block);
        mode = 'labels';
        continue;
      }
      if (!block) {
        // The hunk starts inside a block whose `- labels:` line is out of view.
        block = { labels: [], env: [] };
        blocks.push(block);
        mode = 'unknown';
      }
      const label = LABEL_LINE.exec(line.text);
      const envName = ENV_NAME.exec(line.text);
      if (label?.[1] && (mode === 'labels' || mode === 'unknown')) block.labels.push(entry(label[1]));
      else if (ENV_KEY.test(line.text)) mode = 'env';
      else if (envName?.[1] && (mode === 'env' || (mode === 'unknown' && UPPER.test(envName[1])))) {
        block.env.push(entry(envName[1]));
      } else if (OTHER_KEY.test(line.text) && !label) mode = 'other';
    }
  }
  return blocks;
}

function sideLines(lines: PatchLine[], side: 'old' | 'new'): PatchLine[] {
  const skip = side === 'old' ? '+' : '-';
  return lines.filter((l) => l.sign !== skip);
}

export function presetChanges(hunks: PatchHunk[]): PresetChanges {
  const oldBlocks = presetBlocks(hunks, 'old');
  const newBlocks = presetBlocks(hunks, 'new');
  const removedEnv = oldBlocks.flatMap((b) =>
    b.env.filter((e) => e.changed).map((entry) => ({ entry, labels: b.labels.map((l) => l.name) })),
  );
  const addedEnv = newBlocks.flatMap((b) =>
    b.env.filter((e) => e.changed).map((entry) => ({ entry, labels: b.labels.map((l) => l.name) })),
  );
  return {
    removedLabels: oldBlocks.flatMap((b) => b.labels.filter((l) => l.changed)),
    addedLabels: newBlocks.flatMap((b) => b.labels.filter((l) => l.changed)),
    removedEnv,
    addedEnv,
  };
}
