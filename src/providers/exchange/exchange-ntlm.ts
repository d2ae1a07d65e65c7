/**
 * NTLM for EWS, as @ewsjs/xhr's auth provider, in place of the NtlmProvider it ships. That one
 * (3.1.3) sends its negotiate message through an https agent of its own, so a private CA given to
 * the client was never trusted, and when that message got no answer (a certificate refused, a
 * connection refused) it failed reading `.headers` of the missing answer: a TypeError that
 * ews-javascript-api reports as ErrorInternalServerError, which read as a passing server fault
 * (a 502 at connect, a wrong password included, since the handshake never got that far).
 *
 * Here the negotiate message (type 1) goes out through the same keep-alive agent as the request
 * that carries the authenticate message (type 3), so both ride one connection, as NTLM needs, and
 * trust the same CA. A negotiate message without an answer fails with the connection's own error.
 * A server that answers it without an NTLM challenge gets the request with the negotiate message
 * again, and its answer (a 401: NTLM refused) speaks for it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import ntlmClient from '@ewsjs/ntlm-client';
import type { XhrApi } from '@ewsjs/xhr';

/** @ewsjs/xhr's IProvider, which its index does not export. */
type AuthProvider = Parameters<XhrApi['setAuthProvider']>[0];
type RequestOptions = Parameters<AuthProvider['preCall']>[0];

// A CommonJS module whose exports Node's ESM loader cannot name (only createType1Message): read
// from its default export, or the built service fails to load.
const { createType1Message, createType3Message, decodeType2Message } = ntlmClient;

/** The workstation name the messages carry; Exchange does not read it. */
const WORKSTATION = '.';
/** ews-javascript-api's default request timeout, for the negotiate message. */
const NEGOTIATE_TIMEOUT_MS = 100_000;

export class NtlmAuthProvider implements AuthProvider {
  readonly providerName = 'ntlm';
  // Empty: the transport then sends the request with its own axios client.
  readonly client = null as unknown as AuthProvider['client'];
  private readonly user: string;
  private readonly domain: string;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;

  constructor(
    username: string,
    private readonly password: string,
    ca: string | null,
  ) {
    const slash = username.indexOf('\\');
    // DOMAIN\user names the domain; a bare name or a UPN leaves it to the server.
    this.domain = slash > 0 ? username.slice(0, slash).toUpperCase() : '';
    this.user = slash > 0 ? username.slice(slash + 1) : username;
    this.httpsAgent = new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) });
  }

  async preCall(options: RequestOptions): Promise<RequestOptions> {
    const url = String(options.url);
    const negotiate = createType1Message(WORKSTATION, this.domain);
    const challenge = await this.negotiate(url, negotiate, options.timeout);
    // The library's WebCredentials set a Basic header too; NTLM replaces it.
    const headers = headersWithout(options.headers, ['authorization', 'connection']);
    headers['Authorization'] = challenge
      ? createType3Message(
          decodeType2Message(challenge),
          this.user,
          this.password,
          WORKSTATION,
          this.domain,
        )
      : negotiate;
    // One handshake per connection: the next request starts its own.
    headers['Connection'] = 'close';
    return {
      ...options,
      headers,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
    };
  }

  /** Sends the negotiate message; the server's NTLM challenge, or null when it sent none. */
  private negotiate(url: string, message: string, timeoutMs?: number): Promise<string | null> {
    const secure = url.startsWith('https:');
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'GET',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { Authorization: message, Connection: 'keep-alive' },
          timeout: timeoutMs || NEGOTIATE_TIMEOUT_MS,
        },
        (response) => {
          // Read to the end, so that the connection is free for the authenticate message.
          response.resume();
          response.on('error', reject);
          response.on('end', () => resolve(ntlmChallenge(response.headers)));
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error('Exchange did not answer the NTLM negotiate message')),
      );
      request.on('error', reject);
      request.end();
    });
  }
}

/** `NTLM <base64>` among the WWW-Authenticate values, which Node joins with commas. */
export function ntlmChallenge(headers: IncomingHttpHeaders): string | null {
  const value = headers['www-authenticate'] ?? '';
  const match = /(?:^|,)\s*(NTLM [A-Za-z0-9+/]+=*)\s*(?:,|$)/.exec(value);
  return match?.[1] ?? null;
}

/**
 * The request's headers (ews-javascript-api's plain strings) less the named ones, whatever
 * their case.
 */
function headersWithout(
  headers: RequestOptions['headers'],
  names: readonly string[],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null || names.includes(name.toLowerCase())) continue;
    kept[name] = String(value);
  }
  return kept;
}
