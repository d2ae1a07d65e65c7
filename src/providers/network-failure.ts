/**
 * Says in words why a request never got an answer. Node's fetch throws "fetch failed" and puts
 * the reason in its cause (a system error code, or only a message such as "bad port"), so a
 * message built from the outer error alone tells the user nothing they can act on.
 */

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved just now',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server sent no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending in the middle of its answer',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
  // OpenSSL's record layer read something that is not TLS: most often plain HTTP on that port
  // (a webcal:// address is fetched over https).
  ERR_SSL_WRONG_VERSION_NUMBER:
    'the server does not answer HTTPS on this port (it may serve plain http only)',
};

/** OpenSSL's own codes: its message is a dump of library internals, not words for a user. */
const TLS_CODE = /^ERR_(SSL|TLS)_/;

/**
 * Whether a message that a library passed on holds Node's words for a connection that carried
 * no answer: one of the codes above, a TLS code, a certificate problem, a hang-up.
 */
export function namesNetworkFailure(message: string): boolean {
  if (/certificate|socket hang up/i.test(message)) return true;
  return message.split(/[^A-Z0-9_]+/).some((word) => word in REASONS || TLS_CODE.test(word));
}

/** "the server refused the connection (ECONNREFUSED)", "no answer in time", ... */
export function describeNetworkFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: unknown }).cause;
  const code = codeOf(cause) ?? codeOf(error);
  if (code !== null) {
    const reason =
      REASONS[code] ?? (TLS_CODE.test(code) ? 'the TLS (HTTPS) handshake failed' : null);
    return reason ? `${reason} (${code})` : `${messageOf(cause) ?? error.message} (${code})`;
  }
  // fetch refuses some ports outright (the Fetch standard's "bad ports": 1, 25, 6000, ...).
  const inner = messageOf(cause);
  if (inner === 'bad port') return 'the port is one that fetch refuses to connect to';
  return inner ? `${error.message}: ${inner}` : error.message;
}

function codeOf(value: unknown): string | null {
  const code = (value as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

function messageOf(value: unknown): string | null {
  return value instanceof Error && value.message !== '' ? value.message : null;
}
