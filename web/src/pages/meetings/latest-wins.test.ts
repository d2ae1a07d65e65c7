import { describe, expect, it } from 'vitest';
import { LatestWins } from './latest-wins';

/** A save the test finishes when it wants, as a slow server would. */
function slowSave(value: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    sent: false,
    finish,
    send() {
      this.sent = true;
      return done.then(() => value);
    },
  };
}

describe('LatestWins', () => {
  it('sends a second save only after the first answered, so the server ends on the last choice', async () => {
    const saves = new LatestWins();
    const order: string[] = [];
    const first = slowSave('demo');
    const second = slowSave('negotiation');
    const one = saves.run('series-1', saves.take('series-1'), () =>
      first.send().then((v) => (order.push(v), v)),
    );
    const two = saves.run('series-1', saves.take('series-1'), () =>
      second.send().then((v) => (order.push(v), v)),
    );
    await Promise.resolve();
    expect([first.sent, second.sent]).toEqual([true, false]);
    first.finish();
    // The first answered after the user chose again: sent, but no longer the newest choice.
    expect(await one).toEqual({ sent: true, value: 'demo', newest: false });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(second.sent).toBe(true);
    expect(saves.busy).toBe(true);
    second.finish();
    expect(await two).toEqual({ sent: true, value: 'negotiation', newest: true });
    expect(order).toEqual(['demo', 'negotiation']);
    expect(saves.busy).toBe(false);
  });

  it('never sends a waiting save that a newer choice replaced', async () => {
    const saves = new LatestWins();
    const first = slowSave('demo');
    const middle = slowSave('negotiation');
    const last = slowSave('follow_up');
    const one = saves.run('m', saves.take('m'), () => first.send());
    const two = saves.run('m', saves.take('m'), () => middle.send());
    const three = saves.run('m', saves.take('m'), () => last.send());
    first.finish();
    last.finish();
    expect(await one).toMatchObject({ sent: true, newest: false });
    expect(await two).toEqual({ sent: false });
    expect(await three).toEqual({ sent: true, value: 'follow_up', newest: true });
    expect(middle.sent).toBe(false);
  });

  it('goes on after a failed save, and keeps other meetings apart', async () => {
    const saves = new LatestWins();
    const failed = saves.run('a', saves.take('a'), () => Promise.reject(new Error('503')));
    const next = saves.run('a', saves.take('a'), () => Promise.resolve('closing'));
    const elsewhere = saves.run('b', saves.take('b'), () => Promise.resolve('demo'));
    await expect(failed).rejects.toThrow('503');
    expect(await next).toEqual({ sent: true, value: 'closing', newest: true });
    expect(await elsewhere).toEqual({ sent: true, value: 'demo', newest: true });
  });
});
