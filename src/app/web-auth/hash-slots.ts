/**
 * Password hashes run a few at a time (each takes about 0.1 s of a core and 128 MiB). A sign-in
 * beyond that waits its turn instead of being refused, so that a flood of sign-ins from one
 * place cannot refuse everyone else: each client address holds at most `perClient` places
 * (running or waiting), and the line as a whole is bounded, past which a sign-in is refused.
 */
import { AppError } from '../../domain/errors.js';

export interface HashSlotLimits {
  /** Hashes running at once. */
  running: number;
  /** Places (running or waiting) one client address may hold. */
  perClient: number;
  /** Sign-ins waiting, from every address together. */
  waiting: number;
}

export class HashSlots {
  #running = 0;
  readonly #queue: Array<() => void> = [];
  readonly #heldBy = new Map<string, number>();

  constructor(private readonly limits: HashSlotLimits) {}

  /** Runs `work` when a slot is free; refuses (429) a client over its share, or a full line. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    const held = this.#heldBy.get(client) ?? 0;
    if (held >= this.limits.perClient) throw busy('too many sign-ins from this address at once');
    if (this.#running >= this.limits.running && this.#queue.length >= this.limits.waiting)
      throw busy('too many sign-ins at once');
    this.#heldBy.set(client, held + 1);
    try {
      await this.#take();
      try {
        return await work();
      } finally {
        this.#release();
      }
    } finally {
      this.#leave(client);
    }
  }

  #take(): Promise<void> {
    if (this.#running < this.limits.running) {
      this.#running += 1;
      return Promise.resolve();
    }
    // The slot passes straight from the one releasing it to the next in line.
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#running -= 1;
  }

  #leave(client: string): void {
    const held = (this.#heldBy.get(client) ?? 1) - 1;
    if (held > 0) this.#heldBy.set(client, held);
    else this.#heldBy.delete(client);
  }
}

function busy(message: string): AppError {
  return new AppError('rate_limited', `${message}; try again in a moment`);
}
