// Coded errors of the analyze stage. Every one is permanent: a bad rule file stays bad until edited.
import { CodedError } from '../errors.ts';
export type AnalyzeErrorCode =
  | 'rules-unreadable'
  | 'rules-bad-yaml'
  | 'rule-invalid'
  | 'rule-unsafe-pattern'
  | 'rule-duplicate-id';

export class AnalyzeError extends CodedError<AnalyzeErrorCode> {}

export function isAnalyzeError(err: unknown): err is AnalyzeError {
  return err instanceof AnalyzeError;
}
