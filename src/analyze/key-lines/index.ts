// Key lines: the log lines that most likely state a failure's cause, for runs no finding explains.
export { keyLineObserver, KEY_LINES_ID } from './key-line-observer.ts';
export type { KeyLineCandidate, KeyLineState } from './key-line-observer.ts';
export { keyLinesOf } from './select-key-lines.ts';
export type { KeyLineOptions } from './select-key-lines.ts';
export { scoreLine, ERROR_LIKENESS_PATTERNS } from './error-likeness.ts';
export { stripCiPrefix, CI_PREFIX_PATTERNS } from './ci-prefix.ts';
export { lineKey, LINE_KEY_PATTERNS } from './line-key.ts';
