import type { RunSource } from '../../types.ts';
import type { ObjectStore } from '../objects/object-store.ts';
import { loadProwRun } from './load-prow-run.ts';
import type { ProwContext } from './prow-context.ts';
import { listProwHistory } from './prow-history.ts';

/** A Prow run folder in a local mirror or a GCS bucket. No I/O until load()/history(). */
export function createProwSource(store: ObjectStore, runKey: string, ctx: ProwContext): RunSource {
  const key = runKey.endsWith('/') ? runKey : `${runKey}/`;
  const makeSource = (other: ObjectStore, otherKey: string) => createProwSource(other, otherKey, ctx);
  return {
    location: store.describe(key).replace(/\/+$/, ''),
    load: () => loadProwRun(store, key, ctx),
    history: () => listProwHistory(store, key, ctx, makeSource),
  };
}
