// Store failures are permanent for the job at hand except a busy database, which clears by itself.
import { CodedError } from '../errors.ts';

export type StoreErrorCode =
  | 'open-failed'
  | 'schema-too-new'
  | 'migration-failed'
  | 'busy'
  | 'corrupt-row'
  | 'invalid-input';

export class StoreError extends CodedError<StoreErrorCode> {
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, permanent: code !== 'busy' });
  }
}
