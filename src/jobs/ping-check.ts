/**
 * Whether Redis answers, for /readyz. A Redis that accepts the connection and then never
 * answers (hung, paused, a black-holed network path) leaves ioredis's connection "ready", so the
 * connection's status alone would call it ready: a round trip is needed, and a bound on it.
 *
 * One PING at a time: while one is unanswered, every check waits on it rather than sending
 * another, and its time counts from when it was sent. A load balancer polling every second
 * while Redis hangs then gets "no" at once from the second poll on, and ioredis's command queue
 * holds one PING, not one per poll (ioredis has no per-command timeout to drop them).
 */

/** How long /readyz waits for Redis to answer, like a load balancer's own probe timeout. */
export const PING_TIMEOUT_MS = 2_000;

interface SentPing {
  answered: Promise<boolean>;
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
    const sent = this.sent ?? this.send();
    const left = sent.deadline - this.now();
    if (left <= 0) return false;
    return withinMs(sent.answered, left);
  }

  private send(): SentPing {
    const sent: SentPing = {
      answered: this.ping().then(
        () => true,
        () => false,
      ),
      deadline: this.now() + this.timeoutMs,
    };
    // Settled (answered, or failed with the connection): the next check sends a new PING.
    void sent.answered.then(() => {
      if (this.sent === sent) this.sent = null;
    });
    this.sent = sent;
    return sent;
  }
}

/** `answered`, or false once `ms` have passed without it. */
async function withinMs(answered: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
