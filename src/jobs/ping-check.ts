/**
 * Whether Redis (or PostgreSQL) answers, for /readyz. A server that accepts the connection and
 * then never answers (hung, paused, a black-holed network path) leaves the client's connection
 * "ready", so the connection's status alone would call it ready: a round trip is needed, and a
 * bound on it.
 *
 * One PING at a time: while one is unanswered, every check waits on it rather than sending
 * another, and its time counts from when it was sent. A load balancer polling every second
 * while the server hangs then gets "no" at once from the second poll on, and the client's queue
 * holds one PING, not one per poll (neither ioredis nor pg drops a command that is not answered;
 * pg's pool would lend one connection per poll until it had none left).
 */

/** How long /readyz waits for Redis or PostgreSQL to answer, like a load balancer's own probe. */
export const PING_TIMEOUT_MS = 2_000;

/** Answered in time; failed (the connection refused or lost: its error); or not answered in time. */
export type PingResult =
  { state: 'answered' } | { state: 'failed'; error: unknown } | { state: 'late' };

const LATE: PingResult = { state: 'late' };

interface SentPing {
  settled: Promise<PingResult>;
  deadline: number;
}

export class PingCheck {
  private sent: SentPing | null = null;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly timeoutMs = PING_TIMEOUT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the PING (this one, or the one still unanswered) is answered within the bound. */
  async answers(): Promise<boolean> {
    return (await this.check()).state === 'answered';
  }

  /** What became of the PING (this one, or the one still unanswered) within the bound. */
  async check(): Promise<PingResult> {
    const sent = this.sent ?? this.send();
    const left = sent.deadline - this.now();
    if (left <= 0) return LATE;
    return withinMs(sent.settled, left);
  }

  private send(): SentPing {
    const sent: SentPing = {
      settled: this.ping().then(
        (): PingResult => ({ state: 'answered' }),
        (error: unknown): PingResult => ({ state: 'failed', error }),
      ),
      deadline: this.now() + this.timeoutMs,
    };
    // Settled (answered, or failed with the connection): the next check sends a new PING.
    void sent.settled.then(() => {
      if (this.sent === sent) this.sent = null;
    });
    this.sent = sent;
    return sent;
  }
}

/** `settled`, or LATE once `ms` have passed without it. */
async function withinMs(settled: Promise<PingResult>, ms: number): Promise<PingResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PingResult>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
