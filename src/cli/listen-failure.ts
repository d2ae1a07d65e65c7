/**
 * A server that cannot take its address (the service, the demo's emulators, a lone emulator) is
 * the operator's to fix: one line naming the address and what moves it, not a stack trace.
 */
import { UsageError } from './output.js';

/** What moves a listener, written as the operator types it. */
export interface ListenSettings {
  /** For the port that could not be taken: `PORT=<port>`, `--emulator-port <port>`. */
  port(port: number): string;
  host: string;
}

export const SERVICE_LISTEN: ListenSettings = {
  port: () => 'PORT=<port>',
  host: 'HOST=<address>',
};

export const EMULATOR_LISTEN: ListenSettings = {
  port: () => '--port <port>',
  host: '--host <address>',
};

interface ListenError extends Error {
  code: 'EADDRINUSE' | 'EACCES' | 'EADDRNOTAVAIL';
  address: string;
  port: number;
}

/**
 * The failure as one line, or null when it is not a listener refused its address. `host`, when
 * given, is the host name the server listens on: a name that does not resolve fails in the
 * lookup before listen() (syscall getaddrinfo, not listen), and only its name tells it apart
 * from a database host that does not resolve.
 */
export function listenFailure(
  error: unknown,
  settings: ListenSettings,
  host?: string,
): UsageError | null {
  if (host !== undefined && isLookupError(error, host)) {
    return new UsageError(
      `cannot listen on ${host}: no address found for this host name (${error.code}); choose another with ${settings.host}`,
      { cause: error },
    );
  }
  if (!isListenError(error)) return null;
  const where = `${error.address.includes(':') ? `[${error.address}]` : error.address}:${error.port}`;
  const port = settings.port(error.port);
  const reason = {
    EADDRINUSE: `another program is using it; stop it, or choose another port with ${port}`,
    EACCES: `not permitted (ports below 1024 need privileges); choose another port with ${port}`,
    EADDRNOTAVAIL: `the address is not one of this machine's; choose another with ${settings.host}`,
  }[error.code];
  return new UsageError(`cannot listen on ${where}: ${reason}`, { cause: error });
}

/** For `.catch`: a listen failure goes on as its one line, anything else unchanged. */
export function rethrowListenFailure(settings: ListenSettings): (error: unknown) => never {
  return (error) => {
    throw listenFailure(error, settings) ?? error;
  };
}

function isListenError(error: unknown): error is ListenError {
  if (!(error instanceof Error)) return false;
  const { code, syscall, address, port } = error as Partial<ListenError> & { syscall?: unknown };
  return (
    syscall === 'listen' &&
    (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') &&
    typeof address === 'string' &&
    typeof port === 'number'
  );
}

function isLookupError(error: unknown, host: string): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const { code, syscall, hostname } = error as Error & Record<string, unknown>;
  return syscall === 'getaddrinfo' && typeof code === 'string' && hostname === host;
}
