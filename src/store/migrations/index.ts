import { migration001 } from './001-initial.ts';
import { migration002 } from './002-pr-cache.ts';
import { migration003 } from './003-slack.ts';
import { migration004 } from './004-watch.ts';
import { migration005 } from './005-pattern-verdicts.ts';
import { migration006 } from './006-job-delivery.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** In order; a new step is a new file appended here, never an edit of an applied one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
];
