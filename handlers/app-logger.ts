import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { cleanLogText } from '../src/redact/index.ts';

// The server's own log lines carry text from outside (job names, URLs, error messages quoting a log):
// every string field and every serialised error goes through the same redactor as the reports.

export function createAppLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'ci-triage' },
    formatters: { log: (o: Record<string, unknown>) => redactFields(o) as Record<string, unknown> },
    serializers: { err: (e: Error) => redactFields(pino.stdSerializers.err(e)) },
  };
  return destination ? pino(options, destination) : pino(options);
}

function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanLogText(value);
  // Errors are left to the `err` serializer (it runs after this formatter), plain data is walked.
  if (value === null || typeof value !== 'object' || value instanceof Error || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, depth + 1)]));
}
