// Reads the sorted `NAME=value` block that kubernetes_e2e.py (and similar wrappers) print after a
// line `Environment:`. Only the first block of a run is kept; values are cut to keep it small.
import type { RunObservations, ScanLine } from '../types.ts';

const START = /^\s*Environment:\s*$/;
const VAR = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const MAX_VALUE = 512;
const MAX_VARS = 1000;
/** The regexes run on head lines (checked for linear time by a unit test). */
export const ENV_BLOCK_PATTERNS: RegExp[] = [START, VAR];

export type EnvBlock = NonNullable<RunObservations['logEnv']>;

export class EnvBlockReader {
  block: EnvBlock | null = null;
  private open = false;
  private done = false;

  onHeadLine(line: ScanLine): void {
    if (this.done) return;
    if (!this.open) {
      if (START.test(line.text)) {
        this.open = true;
        this.block = { vars: {}, artifact: line.artifact, lines: {} };
      }
      return;
    }
    const m = VAR.exec(line.text);
    const block = this.block!;
    if (!m || line.artifact !== block.artifact || Object.keys(block.vars).length >= MAX_VARS) {
      this.open = false;
      this.done = true;
      if (Object.keys(block.vars).length === 0) this.block = null;
      return;
    }
    block.vars[m[1]!] = m[2]!.slice(0, MAX_VALUE);
    block.lines[m[1]!] = line.line;
  }

  /** True while the line is inside the block (the digest leaves those lines to the env diff). */
  isInside(line: ScanLine): boolean {
    return this.open && this.block?.artifact === line.artifact;
  }
}
