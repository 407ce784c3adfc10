// Coded errors of the analyze stage. Every one is permanent: a bad rule file stays bad until edited.
export type AnalyzeErrorCode =
  | 'rules-unreadable'
  | 'rules-bad-yaml'
  | 'rule-invalid'
  | 'rule-unsafe-pattern'
  | 'rule-duplicate-id';

export class AnalyzeError extends Error {
  readonly code: AnalyzeErrorCode;
  readonly permanent = true;

  constructor(code: AnalyzeErrorCode, message: string) {
    super(message);
    this.name = 'AnalyzeError';
    this.code = code;
  }
}

export function isAnalyzeError(err: unknown): err is AnalyzeError {
  return err instanceof AnalyzeError;
}
