// Loads every module of the built service (dist/src) in plain Node, as `npm start` and the
// installed command do. The tests run the TypeScript sources through vitest and tsx, whose
// transforms name a CommonJS package's exports that Node's own ESM loader does not (a1b072f's
// `import { createType3Message } from '@ewsjs/ntlm-client'` passed every test and broke the
// built service). cli/main.js is left out: importing it runs the command.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', 'dist', 'src');
const entryPoint = join('cli', 'main.js');

function builtModules(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return builtModules(path);
    return entry.name.endsWith('.js') && !entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const failures = [];
const modules = builtModules(root).filter((path) => relative(root, path) !== entryPoint);
for (const path of modules) {
  try {
    await import(pathToFileURL(path).href);
  } catch (error) {
    failures.push(`${relative(root, path)}: ${error instanceof Error ? error.message : error}`);
  }
}
if (failures.length > 0) {
  console.error(`${failures.length} of ${modules.length} built modules do not load:`);
  for (const failure of failures) console.error(`  ${failure}`);
  process.exit(1);
}
console.log(`${modules.length} built modules load in plain Node`);
process.exit(0);
