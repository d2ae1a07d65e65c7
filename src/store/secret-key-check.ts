/**
 * Whether this process's CALINTEL_SECRET_KEY is the one the database's secrets were sealed with.
 * A process with another key (unset on one host, a typo, a rotated key on one machine) would
 * otherwise start, say it is ready, and fail every sync of every stored connection.
 *
 * The database keeps a known text sealed with the key (`settings.secret_key_check`; AES-GCM, so
 * it shows nothing of the key). The first process to start on a database writes it; every later
 * one opens it. A database from before the check that already holds sealed secrets is judged by
 * opening one of them first, so the check is never written with a key those secrets refuse.
 */
import type { Executor } from './database.js';
import { SecretBoxError, type SecretBox } from './secret-box.js';
import { iso } from './sql-support.js';

const CHECK_NAME = 'secret_key_check';
const KNOWN_TEXT = 'calintel: the secrets of this database are sealed with this key';

/**
 * `matches`: the stored check opened; `recorded`: there was none, and the one now stored opens;
 * `differs`: the stored check (`check`), or a secret stored before the check (`stored_secret`),
 * does not open with this key.
 */
export type SecretKeyVerdict =
  | { outcome: 'matches' }
  | { outcome: 'recorded' }
  | { outcome: 'differs'; evidence: 'check' | 'stored_secret' };

/** Compares the key with the database's check, writing the check when there is none yet. */
export async function checkSecretKey(
  db: Executor,
  box: SecretBox,
  now = new Date(),
): Promise<SecretKeyVerdict> {
  const stored = await readCheck(db);
  if (stored !== null) return isCheckOf(box, stored) ? { outcome: 'matches' } : differs('check');
  const secret = await anyStoredSecret(db);
  if (secret !== null && opened(box, secret) === null) return differs('stored_secret');
  await db
    .insertInto('settings')
    .values({ name: CHECK_NAME, value: box.seal(KNOWN_TEXT), created_at: iso(now) })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  // Another process may have written its check first: the one stored is the one that counts.
  const written = await readCheck(db);
  if (written === null || !isCheckOf(box, written)) return differs('check');
  return { outcome: 'recorded' };
}

function differs(evidence: 'check' | 'stored_secret'): SecretKeyVerdict {
  return { outcome: 'differs', evidence };
}

async function readCheck(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', CHECK_NAME)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** One secret sealed before the check existed: a connection's, else an OAuth state's. */
async function anyStoredSecret(db: Executor): Promise<string | null> {
  const connection = await db
    .selectFrom('calendar_connections')
    .select('secrets_encrypted')
    .limit(1)
    .executeTakeFirst();
  if (connection) return connection.secrets_encrypted;
  const state = await db
    .selectFrom('oauth_states')
    .select('code_verifier_encrypted')
    .limit(1)
    .executeTakeFirst();
  return state?.code_verifier_encrypted ?? null;
}

function isCheckOf(box: SecretBox, sealed: string): boolean {
  return opened(box, sealed) === KNOWN_TEXT;
}

/** What `sealed` holds, or null when this key cannot open it. */
function opened(box: SecretBox, sealed: string): string | null {
  try {
    return box.open(sealed);
  } catch (error) {
    if (error instanceof SecretBoxError) return null;
    throw error;
  }
}
