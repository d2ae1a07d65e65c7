/**
 * The meetings of every account, for a full recompute, without the map of growing lists that
 * groupByAccount builds: each meeting gets its account's number, a counting sort (stable, so each
 * account keeps its meetings in input order) lays them out account after account in one array,
 * and each account's run is copied out only when it is analysed. A million meetings put about
 * 12 MB of lists in groupByAccount's map, all alive until the recompute ends, which the young
 * generation's collections copied and promoted (measured: 40-86 ms of scavenges at 1,000,000
 * meetings, against 14-21 ms this way); the one array here is allocated once at its final size
 * (for a million meetings, outside the young generation), and each copied-out run dies with its
 * account.
 */
import type { RelationshipMeeting } from './model.js';
import { compareText } from './timeline.js';

/** Calls `visit` with each account's key and meetings (in input order), by account key. */
export function forEachAccount(
  meetings: readonly RelationshipMeeting[],
  visit: (accountKey: string, own: RelationshipMeeting[]) => void,
): void {
  const { keys, accountOf, counts } = numberAccounts(meetings);
  const starts = new Int32Array(keys.length + 1);
  for (let a = 0; a < keys.length; a++)
    starts[a + 1] = (starts[a] as number) + (counts[a] as number);
  const byAccount = layOut(meetings, accountOf, starts);
  const order = Array.from(keys.keys()).sort((a, b) =>
    compareText(keys[a] as string, keys[b] as string),
  );
  for (const a of order)
    visit(keys[a] as string, byAccount.slice(starts[a] as number, starts[a + 1] as number));
}

/** Each meeting's account number (by first appearance), and how many meetings each has. */
function numberAccounts(meetings: readonly RelationshipMeeting[]): {
  keys: string[];
  accountOf: Int32Array;
  counts: Int32Array;
} {
  const numbers = new Map<string, number>();
  const keys: string[] = [];
  const accountOf = new Int32Array(meetings.length);
  let counts: Int32Array = new Int32Array(64);
  for (let i = 0; i < meetings.length; i++) {
    const key = (meetings[i] as RelationshipMeeting).accountKey;
    let account = numbers.get(key);
    if (account === undefined) {
      account = keys.length;
      numbers.set(key, account);
      keys.push(key);
      if (account >= counts.length) counts = grown(counts);
    }
    accountOf[i] = account;
    counts[account] = (counts[account] as number) + 1;
  }
  return { keys, accountOf, counts };
}

/** The meetings account after account, each account's in input order (`starts`: where each begins). */
function layOut(
  meetings: readonly RelationshipMeeting[],
  accountOf: Int32Array,
  starts: Int32Array,
): RelationshipMeeting[] {
  const next = starts.slice();
  const byAccount = new Array<RelationshipMeeting>(meetings.length);
  for (let i = 0; i < meetings.length; i++) {
    const account = accountOf[i] as number;
    byAccount[next[account] as number] = meetings[i] as RelationshipMeeting;
    next[account] = (next[account] as number) + 1;
  }
  return byAccount;
}

function grown(counts: Int32Array): Int32Array {
  const larger = new Int32Array(2 * counts.length);
  larger.set(counts);
  return larger;
}
