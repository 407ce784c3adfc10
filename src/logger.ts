// The one logger shape every module takes: pino's (probot's own logger), structured fields first and
// a static message. Tests pass `quietLogger`.
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  /** pino's: a logger whose every line carries `bindings`. */
  child?(bindings: Record<string, unknown>): Logger;
}

const noop = (): void => {};

/** A logger whose lines carry `bindings`: pino's own child when there is one, else the fields merged in. */
export function childLogger(log: Logger, bindings: Record<string, unknown>): Logger {
  if (log.child) return log.child(bindings);
  return {
    debug: (obj, msg) => log.debug({ ...bindings, ...obj }, msg),
    info: (obj, msg) => log.info({ ...bindings, ...obj }, msg),
    warn: (obj, msg) => log.warn({ ...bindings, ...obj }, msg),
    error: (obj, msg) => log.error({ ...bindings, ...obj }, msg),
    child: (more) => childLogger(log, { ...bindings, ...more }),
  };
}

/** A logger that drops everything (tests, dry runs). */
export const quietLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
