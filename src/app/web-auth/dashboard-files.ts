/** Finds the built dashboard (web/dist) from wherever this module runs: dist/src/app or src/app. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findDashboardDist(start = dirname(fileURLToPath(import.meta.url))): string | null {
  let folder = start;
  for (;;) {
    const candidate = join(folder, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(folder, 'package.json'))) return null;
    const parent = dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}
