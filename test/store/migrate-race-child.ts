/**
 * One process of the migration race (migrate-race.test.ts): opens the store's file given as its
 * argument, says `ready`, waits for `go` on its standard input so that every process starts
 * migrating at the same moment, then migrates and prints what it ran as JSON.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

const file = process.argv[2];
if (!file) throw new Error('usage: migrate-race-child.ts STORE_FILE');
const database = openDatabase({ url: `sqlite:${file}` });
try {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  const outcome = await migrateToLatest(database.db);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
} finally {
  await database.close();
}
