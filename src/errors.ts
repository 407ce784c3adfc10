// The base of every coded error: callers decide retry from `permanent` and branch on `code`, never on
// the message, which is written for a person.
export interface CodedErrorOptions {
  permanent?: boolean;
  /** HTTP status when the failure came from an HTTP answer. */
  status?: number | null;
  cause?: unknown;
}

export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  readonly permanent: boolean;
  readonly status: number | null;

  constructor(code: C, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.permanent = options.permanent ?? true;
    this.status = options.status ?? null;
  }
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
