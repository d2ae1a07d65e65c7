/**
 * SyncState tokens: a position in the change sequence for one folder of one mailbox, rotated on
 * every response (a counter makes each one new even when nothing changed), and refused when they
 * are unreadable, belong to another mailbox or folder, or predate invalidateSyncStates(). Each
 * calendar folder has its own sync history: a state is only good for the folder that gave it.
 */
import { decodeToken, encodeToken } from './ids.js';
import type { Mailbox } from './mailbox.js';
import { EwsError } from './soap.js';

let rotation = 0;

export function syncStateOf(mailbox: Mailbox, folderId: string, seq: number): string {
  rotation += 1;
  return encodeToken({
    k: 'sync',
    mb: mailbox.email,
    f: folderId,
    s: seq,
    g: mailbox.syncGeneration,
    r: rotation,
  });
}

/** The change number a SyncState stands for (0 without one: a first sync). */
export function readSyncState(
  mailbox: Mailbox,
  folderId: string,
  text: string | undefined,
  currentSeq: number,
): number {
  if (text === undefined || text === '') return 0;
  const token = decodeToken(text);
  const seq = token?.s;
  const valid =
    token?.k === 'sync' &&
    token.mb === mailbox.email &&
    token.f === folderId &&
    token.g === mailbox.syncGeneration &&
    typeof seq === 'number' &&
    seq >= 0 &&
    seq <= currentSeq;
  if (!valid)
    throw new EwsError(
      'ErrorInvalidSyncStateData',
      'Synchronization state data is corrupt or otherwise invalid.',
    );
  return seq;
}
