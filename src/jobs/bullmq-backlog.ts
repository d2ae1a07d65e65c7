/**
 * The BullMQ queue's backlog by job name, for the backlog metric. BullMQ counts jobs per state
 * (getJobCounts) but keeps every name in one queue, so the names are read from the jobs' hashes:
 * one Lua script, run at each scrape, reads the ids of each state list (wait, paused and
 * prioritized are waiting) and each job's `name` field. At most SAMPLE_PER_STATE ids are read
 * per list, so a scrape stays cheap however deep the backlog; jobs past that are counted by the
 * list's length under the name OTHER_NAMES, so that a state's counts always add up to its size.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BacklogState, JobBacklog } from './job-queue.js';

/** Job ids read per state list and scrape; past this, jobs are counted without their name. */
export const SAMPLE_PER_STATE = 2_000;
/** The name under which jobs beyond the sample are counted. */
export const OTHER_NAMES = '_unread';

// KEYS: the state lists, each with its kind in ARGV (l: list, z: sorted set) and its state;
// ARGV[1]: the job hash prefix, ARGV[2]: the sample size. Returns state, name, count triples.
const BACKLOG_SCRIPT = `
local prefix = ARGV[1]
local sample = tonumber(ARGV[2])
local counts = {}
for i, key in ipairs(KEYS) do
  local kind = ARGV[1 + 2 * i]
  local state = ARGV[2 + 2 * i]
  local size, ids
  if kind == 'l' then
    size = redis.call('LLEN', key)
    ids = redis.call('LRANGE', key, 0, sample - 1)
  else
    size = redis.call('ZCARD', key)
    ids = redis.call('ZRANGE', key, 0, sample - 1)
  end
  counts[state] = counts[state] or {}
  local byName = counts[state]
  for _, id in ipairs(ids) do
    local name = redis.call('HGET', prefix .. id, 'name') or '${OTHER_NAMES}'
    byName[name] = (byName[name] or 0) + 1
  end
  if size > #ids then byName['${OTHER_NAMES}'] = (byName['${OTHER_NAMES}'] or 0) + size - #ids end
end
local out = {}
for state, byName in pairs(counts) do
  for name, count in pairs(byName) do
    table.insert(out, state)
    table.insert(out, name)
    table.insert(out, tostring(count))
  end
end
return out
`;

/** BullMQ's lists (l) and sorted sets (z) of jobs, and the backlog state each counts in. */
const STATE_KEYS: readonly (readonly ['l' | 'z', string, BacklogState])[] = [
  ['l', 'wait', 'waiting'],
  ['l', 'paused', 'waiting'],
  ['z', 'prioritized', 'waiting'],
  ['l', 'active', 'active'],
  ['z', 'delayed', 'delayed'],
  ['z', 'failed', 'failed'],
];

/** The queue's jobs by name and state, read in one script (names of `sample` ids per list). */
export async function readBacklog(
  connection: Redis,
  queue: Pick<Queue, 'toKey'>,
  sample = SAMPLE_PER_STATE,
): Promise<JobBacklog[]> {
  const keys = STATE_KEYS.map(([, type]) => queue.toKey(type));
  const args = [queue.toKey(''), String(sample)];
  for (const [kind, , state] of STATE_KEYS) args.push(kind, state);
  const flat = (await connection.eval(BACKLOG_SCRIPT, keys.length, ...keys, ...args)) as string[];
  const backlog: JobBacklog[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3)
    backlog.push({
      state: flat[i] as BacklogState,
      name: flat[i + 1] ?? OTHER_NAMES,
      count: Number(flat[i + 2]),
    });
  return backlog;
}
