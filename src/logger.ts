// The one logger shape every module takes: pino's (probot's own logger), structured fields first and
// a static message. Tests pass `quietLogger`.
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => {};

/** A logger that drops everything (tests, dry runs). */
export const quietLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
