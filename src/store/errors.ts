// Store failures are permanent for the job at hand except a busy database, which clears by itself.

export type StoreErrorCode = 'open-failed' | 'schema-too-new' | 'migration-failed' | 'busy' | 'corrupt-row' | 'invalid-input';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly permanent: boolean;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
    this.permanent = code !== 'busy';
  }
}
