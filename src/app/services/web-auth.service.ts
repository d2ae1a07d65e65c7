/**
 * Signing in to the dashboard: email and password, or a one-time link (the demo prints one).
 * A session is a random token in an httpOnly cookie plus a CSRF token the page sends back on
 * every change; both are checked by the API's auth hook.
 */
import type { SessionView, StartedSessionView } from '../../api/session-schemas.js';
import { randomBytes } from 'node:crypto';
import { AppError, invalidInput } from '../../domain/errors.js';
import type { Store } from '../../store/store.js';
import type { Scope } from '../../store/scope.js';
import type { WebSession } from '../../store/web-sessions.repository.js';
import { HashSlots } from '../web-auth/hash-slots.js';
import { hashPassword, passwordProblem, verifyPassword } from '../web-auth/passwords.js';

const SESSION_DAYS = 14;
/**
 * Hashes at once, at most two (each takes about 0.1 s of a core and 128 MiB, so a flood must not
 * fill the memory and libuv's thread pool); a client address holds at most two places, so its
 * flood cannot refuse everyone else's sign-ins.
 */
const HASH_SLOTS = { running: 2, perClient: 2, waiting: 64 };
const LINK_MINUTES = 15;
/** Hashed when the address has no password, so a wrong address costs the same as a wrong password. */
const DECOY_HASH_PASSWORD = 'calintel decoy password';

/** A started session: the cookie's value (never stored, only its hash) and what the page sees. */
export type StartedSession = StartedSessionView;

export interface WebAuthDeps {
  store: Store;
  clock: () => Date;
  /** Tests lower scrypt's cost; production keeps the default. */
  hash?: (password: string) => Promise<string>;
}

export class WebAuthService {
  #decoyHash: Promise<string> | null = null;
  readonly #slots = new HashSlots(HASH_SLOTS);

  constructor(private readonly deps: WebAuthDeps) {}

  /**
   * Throws `invalid_credentials` for an unknown address, a wrong password or no password set.
   * `client` is the caller's network address: its share of the password hashing.
   */
  async signIn(email: string, password: string, client: string): Promise<StartedSession> {
    const candidates = await this.deps.store.users.passwordHashesByEmail(email);
    const verify = (hash: string) => this.#slots.run(client, () => verifyPassword(password, hash));
    if (candidates.length === 0) {
      await verify(await this.decoyHash());
      throw wrongCredentials();
    }
    for (const candidate of candidates)
      if (await verify(candidate.passwordHash)) return this.startSession(candidate.scope);
    throw wrongCredentials();
  }

  /** The live session of a cookie, or null. */
  async session(token: string): Promise<WebSession | null> {
    return this.deps.store.webSessions.find(token, this.deps.clock());
  }

  async signOut(token: string): Promise<void> {
    await this.deps.store.webSessions.end(token, this.deps.clock());
  }

  /** Sets a user's password and signs out every browser that signed in with the old one. */
  async setPassword(scope: Scope, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw invalidInput(problem);
    const hash = await (this.deps.hash ?? hashPassword)(password);
    await this.deps.store.transaction(async (tx) => {
      await tx.users.setPasswordHash(scope, hash);
      await tx.webSessions.endAllFor(scope, this.deps.clock());
    });
  }

  /** A one-time sign-in link's token, valid for a quarter of an hour. */
  async createSignInLink(scope: Scope): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(this.deps.clock().getTime() + LINK_MINUTES * 60_000);
    await this.deps.store.webSessions.createLink(scope, { token, expiresAt }, this.deps.clock());
    return { token, expiresAt };
  }

  /** Uses a sign-in link up and starts a session; null when the link is unknown, used or old. */
  async redeemSignInLink(token: string): Promise<StartedSession | null> {
    const scope = await this.deps.store.webSessions.redeemLink(token, this.deps.clock());
    return scope ? this.startSession(scope) : null;
  }

  private async startSession(scope: Scope): Promise<StartedSession> {
    const token = randomToken();
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    await this.deps.store.webSessions.create(
      scope,
      { token, csrfToken: randomToken(), expiresAt },
      now,
    );
    const session = await this.session(token);
    if (!session) throw new AppError('internal', 'a new session could not be read back', true);
    return { token, expiresAt, view: sessionView(session) };
  }

  private decoyHash(): Promise<string> {
    this.#decoyHash ??= (this.deps.hash ?? hashPassword)(DECOY_HASH_PASSWORD);
    return this.#decoyHash;
  }
}

export function sessionView(session: WebSession): SessionView {
  return {
    user: {
      id: session.user.id,
      email: session.user.email,
      name: session.user.name,
      timeZone: session.user.timeZone,
      role: session.user.role,
    },
    organisation: { id: session.scope.orgId, name: session.organisationName },
    csrfToken: session.csrfToken,
  };
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function wrongCredentials(): AppError {
  return new AppError('invalid_credentials', 'wrong email or password');
}
