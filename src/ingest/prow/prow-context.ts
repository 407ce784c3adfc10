import type { ObjectStore } from '../objects/object-store.ts';

/** Settings every Prow source of one resolution shares. */
export interface ProwContext {
  /** Prow deck, no trailing slash; used to build run URLs when prowjob.json has none. */
  prowUrl: string;
  historyLimit: number;
  maxArtifacts: number;
}

/** `<prow>/view/gs/<bucket>/<run>` for runs in a real bucket layout; null for a loose local folder. */
export function prowViewUrl(prowUrl: string, store: ObjectStore, runKey: string): string | null {
  if (!store.bucketRooted || store.bucket === null) return null;
  return `${prowUrl}/view/gs/${store.bucket}/${runKey.replace(/\/+$/, '')}`;
}
