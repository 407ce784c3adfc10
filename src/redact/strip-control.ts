// ANSI CSI/OSC sequences (kube-up colours its output), other C0/C1 controls (NUL included), and Unicode
// bidi overrides (U+202E makes a line display differently from what it contains).
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The patterns `stripControl` runs, for the linear-time check. */
export const CONTROL_PATTERNS: readonly RegExp[] = [ANSI, CONTROL];

/** Remove terminal escapes and invisible controls; keeps `\n` and `\t`. */
export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}
