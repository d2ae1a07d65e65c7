/**
 * Who is calling (contract §3.7): Basic (user name as `alice`, `CONTOSO\alice` or the SMTP
 * address), NTLM (the 401 challenge exchange, NTLMv2 checked against the stored password) and
 * OAuth bearer tokens listed in the seed. Failures are 401s with the WWW-Authenticate headers
 * IIS sends for the enabled schemes.
 */
import type { EmulatorContext } from './context.js';
import type { Mailbox } from './mailbox.js';
import { readNtlmMessage } from './ntlm.js';
import type { AuthScheme } from './settings.js';

export type AuthOutcome =
  { ok: true; mailbox: Mailbox; scheme: AuthScheme } | { ok: false; challenge: string[] };

export function authenticate(header: string | undefined, ctx: EmulatorContext): AuthOutcome {
  const enabled = new Set(ctx.settings.authSchemes);
  const refuse = (): AuthOutcome => ({ ok: false, challenge: offers(enabled) });
  const match = /^(\w+)\s+(\S+)\s*$/.exec(header ?? '');
  if (!match?.[1] || !match[2]) return refuse();
  const scheme = match[1].toLowerCase();
  const token = match[2];
  if (scheme === 'basic' && enabled.has('basic')) return basic(token, ctx) ?? refuse();
  if (scheme === 'bearer' && enabled.has('bearer')) {
    const mailbox = [...ctx.state.mailboxes.values()].find((m) =>
      m.credentials.tokens.includes(token),
    );
    return mailbox ? { ok: true, mailbox, scheme: 'bearer' } : refuse();
  }
  if ((scheme === 'ntlm' || scheme === 'negotiate') && enabled.has('ntlm'))
    return ntlm(token, ctx) ?? refuse();
  return refuse();
}

function offers(enabled: Set<AuthScheme>): string[] {
  const headers: string[] = [];
  if (enabled.has('ntlm')) headers.push('Negotiate', 'NTLM');
  if (enabled.has('basic')) headers.push('Basic realm="exch01.contoso.test"');
  if (enabled.has('bearer'))
    headers.push('Bearer client_id="00000002-0000-0ff1-ce00-000000000000", error="invalid_token"');
  return headers;
}

function basic(token: string, ctx: EmulatorContext): AuthOutcome | null {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const mailbox = findUser(ctx, decoded.slice(0, colon));
  if (!mailbox || mailbox.credentials.password !== decoded.slice(colon + 1)) return null;
  return { ok: true, mailbox, scheme: 'basic' };
}

function ntlm(token: string, ctx: EmulatorContext): AuthOutcome | null {
  const message = readNtlmMessage(token);
  if (!message) return null;
  // A negotiate message is answered with a challenge: still a 401, but only NTLM is offered.
  if (message.type === 1) return { ok: false, challenge: [`NTLM ${ctx.ntlm.issue()}`] };
  const name = message.domain ? `${message.domain}\\${message.user}` : message.user;
  const mailbox = findUser(ctx, name);
  if (!mailbox || !ctx.ntlm.redeem(message, mailbox.credentials.password)) return null;
  return { ok: true, mailbox, scheme: 'ntlm' };
}

/** `alice`, `CONTOSO\alice`, `alice@contoso.test` (domain and names case-insensitive). */
function findUser(ctx: EmulatorContext, name: string): Mailbox | undefined {
  const lower = name.toLowerCase();
  const [domain, user] = lower.includes('\\') ? lower.split('\\', 2) : [undefined, lower];
  return [...ctx.state.mailboxes.values()].find((m) => {
    if (m.email === lower) return true;
    const sameDomain = domain === undefined || domain === m.credentials.domain.toLowerCase();
    return sameDomain && m.credentials.username.toLowerCase() === user;
  });
}
