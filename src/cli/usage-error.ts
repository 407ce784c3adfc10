import { CodedError } from '../errors.ts';

/** Bad input from the user: printed as one line with a pointer to --help, exit code 2. */
export class CliUsageError extends CodedError<'usage'> {
  /** The command whose --help to point at (`analyze`, `suspects`), or null for the top level. */
  readonly command: string | null;

  constructor(message: string, command: string | null = null) {
    super('usage', message);
    this.command = command;
  }
}
