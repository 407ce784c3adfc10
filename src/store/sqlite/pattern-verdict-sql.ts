import type { DatabaseSync } from 'node:sqlite';
import type { PatternVerdictStore } from '../types.ts';

export function createSqlitePatternVerdicts(db: DatabaseSync, clock: () => Date): PatternVerdictStore {
  return {
    async loadPatternVerdicts(hashes) {
      const found = new Map<string, string | null>();
      const select = db.prepare('SELECT problem FROM pattern_verdicts WHERE hash = ?');
      for (const hash of new Set(hashes)) {
        const row = select.get(hash) as { problem: string | null } | undefined;
        if (row) found.set(hash, row.problem);
      }
      return found;
    },
    async savePatternVerdicts(verdicts) {
      const insert = db.prepare('INSERT OR REPLACE INTO pattern_verdicts (hash, problem, checked_at) VALUES (?, ?, ?)');
      const at = clock().toISOString();
      for (const v of verdicts) insert.run(v.hash, v.problem, at);
    },
  };
}
