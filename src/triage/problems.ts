import { messageOf } from '../errors.ts';

// One collector for what could not be read during a triage: every step adds to it, the report
// lists each problem once, in the order they were met.
export class Problems {
  readonly #items = new Set<string>();

  add(...problems: string[]): void {
    for (const p of problems) this.#items.add(p);
  }

  /** Adds `prefix: <error message>` for a step that failed but did not stop the triage. */
  addError(prefix: string, err: unknown): void {
    this.add(`${prefix}: ${messageOf(err)}`);
  }

  list(): string[] {
    return [...this.#items];
  }
}
