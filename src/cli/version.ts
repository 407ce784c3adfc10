import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The version printed by --version: the package's own, found by walking up from this file (src/cli/
// when run from source, dist/src/cli/ when installed).
export function packageVersion(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'ci-triage' && pkg.version) return pkg.version;
    } catch {
      // not here: keep walking up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
