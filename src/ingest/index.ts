// Public API of the ingest stage: pick a source from a ref, then load() a run and its history().
export { resolveSource } from './resolve-source.ts';
export { IngestError, isIngestError, type IngestErrorCode } from './errors.ts';
export type { HttpOptions, SourceOptions } from './options.ts';
export { ACCEPTED_FORMS, parseRef, type ParsedRef, type RefHosts } from './parse-ref.ts';
export { parseRunRef, type RunRef, type RunRefHosts, type RunRefResult } from './run-ref.ts';
export { createFileSource, minimalRunInfo } from './file-source.ts';
export { createStdinSource } from './stdin-source.ts';
export { createGcsBuckets, type GcsBucketsOptions, type ObjectStore } from './gcs-buckets.ts';
// Prow's GCS layout, for callers that read build records directly.
export { toIso } from './json-access.ts';
export { readJson } from './prow/read-json.ts';
export { resultOf } from './prow/run-info.ts';
export { compareBuildIds, isBuildId } from './prow/run-path.ts';
