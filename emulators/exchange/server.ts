/**
 * The Exchange Web Services emulator as a Fastify server that ews-javascript-api talks to
 * without knowing the difference (contract §3): /EWS/Exchange.asmx over HTTPS with a certificate
 * generated at start (the Microsoft emulator's helper: its own CA, trusted by configuration), or
 * over plain HTTP for tests that do not need TLS.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { generateCertificate, type Certificate } from '../microsoft/certificate.js';
import type { EmulatorContext } from './context.js';
import { ExchangeEmulatorControl } from './control.js';
import { registerControlRoutes } from './control-routes.js';
import { EWS_PATH, registerEwsRoutes } from './ews-routes.js';
import { Faults } from './faults.js';
import { NtlmChallenges } from './ntlm.js';
import { defaultSeed, parseSeed } from './seed.js';
import { defaultSettings, settingsPatchSchema, type SettingsPatch } from './settings.js';
import { EwsError } from './soap.js';
import { ExchangeState } from './state.js';
import { PullSubscriptions } from './subscriptions.js';
import type { ExchangeSeed } from './types.js';

export interface ExchangeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Address to listen on (default 127.0.0.1); HTTPS URLs name `localhost`. */
  host?: string;
  /** Default: defaultSeed() (Dana with a few items, Erik with none). */
  seed?: ExchangeSeed;
  /** The emulator's clock (item times, subscription timeouts, NTLM challenge lifetime). */
  now?: () => Date;
  /** https (default) or http. */
  protocol?: 'https' | 'http';
  /** A certificate to serve instead of a fresh one (to keep one CA across restarts). */
  certificate?: Certificate;
  /** NetBIOS domain named in NTLM challenges (default CONTOSO). */
  ntlmDomain?: string;
  settings?: SettingsPatch;
}

export interface RunningExchangeEmulator {
  /** `https://localhost:PORT` (or `http://127.0.0.1:PORT`), without a trailing slash. */
  url: string;
  /** The EWS endpoint: `{url}/EWS/Exchange.asmx`. */
  ewsUrl: string;
  /** The PEM certificate clients must trust (it is its own CA); null over plain HTTP. */
  ca: string | null;
  state: ExchangeEmulatorControl;
  close(): Promise<void>;
}

const NOT_FOUND = new Set(['ErrorItemNotFound', 'ErrorFolderNotFound']);

/** The server and its control object, not yet listening (tests may use app.inject). */
export function buildExchangeEmulator(options: ExchangeEmulatorOptions = {}): {
  app: FastifyInstance;
  control: ExchangeEmulatorControl;
} {
  const ctx = createContext(options);
  const https = options.certificate
    ? { https: { key: options.certificate.key, cert: options.certificate.cert } }
    : {};
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    routerOptions: { caseSensitive: false },
    ...https,
  });
  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof EwsError)
      return reply.code(NOT_FOUND.has(error.code) ? 404 : 400).send({
        error: error.code,
        message: error.message,
      });
    // Control-API input errors (zod, unknown mailbox) are the caller's: 400, never 500.
    const { statusCode, message } = error as { statusCode?: number; message?: string };
    return reply
      .code(statusCode && statusCode < 500 ? statusCode : 400)
      .send({ error: 'bad_request', message: message ?? String(error) });
  });
  registerEwsRoutes(app, ctx);
  const control = new ExchangeEmulatorControl(ctx);
  registerControlRoutes(app, control);
  return { app, control };
}

function createContext(options: ExchangeEmulatorOptions): EmulatorContext {
  const nowMs = () => (options.now ? options.now() : new Date()).getTime();
  const settings = defaultSettings();
  Object.assign(settings, settingsPatchSchema.parse(options.settings ?? {}));
  const seed = parseSeed(options.seed ?? defaultSeed(new Date(nowMs())));
  const ctx: EmulatorContext = {
    settings,
    initialSettings: structuredClone(settings),
    state: new ExchangeState(nowMs),
    subscriptions: new PullSubscriptions(nowMs),
    faults: new Faults(),
    ntlm: new NtlmChallenges(nowMs, options.ntlmDomain ?? 'CONTOSO'),
    seed,
    nowMs,
    operations: new Map(),
  };
  ctx.state.load(seed);
  return ctx;
}

/** Starts the emulator on host:port (default 127.0.0.1, a free port), HTTPS unless told not to. */
export async function startExchangeEmulator(
  options: ExchangeEmulatorOptions = {},
): Promise<RunningExchangeEmulator> {
  const secure = (options.protocol ?? 'https') === 'https';
  const certificate = secure ? (options.certificate ?? (await generateCertificate())) : undefined;
  const { app, control } = buildExchangeEmulator({
    ...options,
    ...(certificate ? { certificate } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = secure
    ? `https://localhost:${port}`
    : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    ewsUrl: `${url}${EWS_PATH}`,
    ca: certificate?.cert ?? null,
    state: control,
    close: () => app.close(),
  };
}
