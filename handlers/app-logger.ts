import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { cleanLogText } from '../src/redact/index.ts';

// The server's own log lines carry text from outside (job names, URLs, error messages quoting a log):
// every string field and every serialised error goes through the same redactor as the reports.
// LOG_FORMAT=json (one JSON object a line, the default) or pretty (pino-pretty, in-process, for a terminal).

export function createAppLogger(
  level: string,
  destination?: DestinationStream,
  format: 'json' | 'pretty' = 'json',
): Logger {
  const options = {
    level,
    base: { app: 'ci-triage' },
    formatters: { log: (o: Record<string, unknown>) => redactFields(o) as Record<string, unknown> },
    serializers: { err: (e: Error) => redactFields(pino.stdSerializers.err(e)) },
  };
  const out =
    format === 'pretty' ? pretty({ colorize: false, sync: true, destination: destination ?? 1 }) : destination;
  const root = out ? pino(options, out) : pino(options);
  return uniqueNames(root, root, root.child);
}

/**
 * pino appends each child's bindings to its parent's, so probot's `child({ name: 'github' })` under our
 * `child({ name: 'probot' })` printed `"name":"probot",...,"name":"github"`: two keys, and JSON readers
 * keep only one. A child that names itself under a named parent is built from the root instead, with
 * the names joined (`probot/github`) and the other bindings carried over.
 */
function uniqueNames(logger: Logger, root: Logger, pinoChild: Logger['child']): Logger {
  const child = (b: Record<string, unknown>, o?: object) => pinoChild.call(logger, b, o);
  const rootKeys = new Set(Object.keys(root.bindings()));
  logger.child = ((bindings: Record<string, unknown>, opts?: object) => {
    const mine = logger.bindings() as Record<string, unknown>;
    if (bindings && 'name' in bindings && 'name' in mine) {
      const carried = Object.fromEntries(Object.entries(mine).filter(([k]) => !rootKeys.has(k)));
      const merged = { ...carried, ...bindings, name: `${String(mine.name)}/${String(bindings.name)}` };
      return uniqueNames(
        pinoChild.call(root, merged, { level: logger.level, ...opts }) as unknown as Logger,
        root,
        pinoChild,
      );
    }
    return uniqueNames(child(bindings, opts) as unknown as Logger, root, pinoChild);
  }) as unknown as Logger['child'];
  return logger;
}

function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanLogText(value);
  // Errors are left to the `err` serializer (it runs after this formatter), plain data is walked.
  if (value === null || typeof value !== 'object' || value instanceof Error || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, depth + 1)]));
}
