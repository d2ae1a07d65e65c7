import { afterEach, describe, expect, it } from 'vitest';
import { startedByNpm, watchForStop, type StopWatch } from './until-stopped.js';

const watches: StopWatch[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.dispose();
});

function watch(env: NodeJS.ProcessEnv, parentPid: () => number): StopWatch {
  const opened = watchForStop({ env, parentPid, checkEveryMs: 5 });
  watches.push(opened);
  return opened;
}

const settled = (promise: Promise<string>, ms: number) =>
  Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve('open'), ms))]);

describe('watchForStop', () => {
  it('stops when npm started the process and its parent goes away', async () => {
    let parent = 4242;
    const { stopped } = watch({ npm_lifecycle_event: 'start' }, () => parent);
    expect(await settled(stopped, 30)).toBe('open');
    parent = 1;
    expect(await settled(stopped, 1_000)).toBe('parent exited');
  });

  it('does not watch the parent of a process started without npm', async () => {
    let parent = 4242;
    const { stopped } = watch({}, () => parent);
    parent = 1;
    expect(await settled(stopped, 50)).toBe('open');
  });

  it('stops on SIGTERM, and its handler goes once it has', async () => {
    const before = process.listenerCount('SIGTERM');
    const { stopped } = watch({}, () => 4242);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await stopped).toBe('SIGTERM');
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('knows npm by its script and exec variables', () => {
    expect(startedByNpm({ npm_lifecycle_event: 'start' })).toBe(true);
    expect(startedByNpm({ npm_command: 'exec' })).toBe(true);
    expect(startedByNpm({ PATH: '/usr/bin' })).toBe(false);
  });
});
