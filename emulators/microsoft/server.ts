/**
 * The Microsoft identity platform + Graph calendar emulator as one Fastify server over HTTPS that
 * @azure/msal-node and @microsoft/microsoft-graph-client talk to without knowing the difference
 * (contract §2.5, §2.6): the authority is `{url}/{tenant}` and the Graph base URL is `{url}`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { generateCertificate, type Certificate } from './certificate.js';
import type { EmulatorContext } from './context.js';
import { MicrosoftEmulatorControl } from './control.js';
import { registerControlRoutes } from './control-routes.js';
import { DeltaRounds } from './delta-rounds.js';
import { installErrorHandling } from './error-handling.js';
import { copy } from './event-fields.js';
import { installFaults } from './fault-hook.js';
import { Faults } from './faults.js';
import { registerGraphRoutes } from './graph-routes.js';
import { SigningKey } from './identity-keys.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { IdentityState } from './identity-state.js';
import { MailboxLoad } from './mailbox-load.js';
import { defaultSeed, parseSeed } from './seed.js';
import { defaultSettings, settingsPatchSchema, type SettingsPatch } from './settings.js';
import { MailboxState, type Change } from './state.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';
import { registerWriteRoutes } from './write-routes.js';
import { SubscriptionHub } from './subscriptions.js';
import type { GraphSeed } from './types.js';

export interface MicrosoftEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Address to listen on (default 127.0.0.1); the URL always names `localhost`. */
  host?: string;
  /** Default: defaultSeed() (two users, a few events on Carol's calendar). */
  seed?: GraphSeed;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** The emulator's clock (tokens, subscription expiry, expansion horizon). */
  now?: () => Date;
  consent?: 'auto' | 'form';
  /** A certificate to serve instead of a fresh one (to keep one CA across restarts). */
  certificate?: Certificate;
  settings?: SettingsPatch;
}

export interface RunningMicrosoftEmulator {
  /** `https://localhost:PORT`, without a trailing slash: the authority host and the Graph host. */
  url: string;
  /** The authority MSAL is given: `{url}/common` (any tenant segment works). */
  authority: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** The PEM certificate clients must trust (it is its own CA). */
  ca: string;
  state: MicrosoftEmulatorControl;
  close(): Promise<void>;
}

/** A fixed application id, so that the CLI's printed settings stay valid across restarts. */
export const DEFAULT_CLIENT_ID = '3f1d2c4b-5a6e-4f70-8a91-b2c3d4e5f601';
export const DEFAULT_CLIENT_SECRET = 'calintel-emulator-secret';

/** The server and its control object, not yet listening (tests may use app.inject). */
export function buildMicrosoftEmulator(
  options: MicrosoftEmulatorOptions & { certificate: Certificate },
): { app: FastifyInstance; control: MicrosoftEmulatorControl; setBaseUrl: (url: string) => void } {
  const ctx = createContext(options);
  let baseUrl = 'https://localhost';
  ctx.baseUrl = () => baseUrl;
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    https: { key: options.certificate.key, cert: options.certificate.cert },
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  installErrorHandling(app, ctx.nowMs);
  installFaults(app, ctx);
  registerIdentityRoutes(app, ctx);
  registerGraphRoutes(app, ctx);
  registerSubscriptionRoutes(app, ctx);
  registerWriteRoutes(app, ctx);
  const control = new MicrosoftEmulatorControl(ctx);
  registerControlRoutes(app, control);
  app.addHook('onClose', async () => ctx.subscriptions.close());
  return { app, control, setBaseUrl: (url) => (baseUrl = url) };
}

function createContext(options: MicrosoftEmulatorOptions): EmulatorContext {
  const nowMs = () => (options.now ? options.now() : new Date()).getTime();
  const settings = defaultSettings();
  Object.assign(settings, settingsPatchSchema.parse(options.settings ?? {}));
  if (options.consent) settings.consent = options.consent;
  const seed = parseSeed(options.seed ?? defaultSeed(new Date(nowMs())));
  const key = new SigningKey();
  const ctx: EmulatorContext = {
    settings,
    initialSettings: copy(settings),
    state: new MailboxState(settings, nowMs),
    identity: new IdentityState(
      {
        clientId: options.clientId ?? DEFAULT_CLIENT_ID,
        clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
      },
      settings,
      key,
      nowMs,
      () => ctx.baseUrl(),
    ),
    key,
    delta: new DeltaRounds(() => settings.pageShapes),
    subscriptions: new SubscriptionHub(settings, nowMs),
    faults: new Faults(),
    load: new MailboxLoad(),
    seed,
    redirectUris: options.redirectUris ?? [],
    nowMs,
    baseUrl: () => 'https://localhost',
  };
  ctx.state.onChange((change) => ctx.subscriptions.notify(change, (c) => resourceOf(ctx, c)));
  ctx.state.load(seed);
  return ctx;
}

/** How a notification names the event: `Users/{oid}/Events/{id}`, with its etag when it lives. */
function resourceOf(ctx: EmulatorContext, change: Change): { path: string; etag: string | null } {
  const user = ctx.state.users.get(change.owner);
  const record = ctx.state.calendars.get(change.calendarId)?.records.get(change.eventId);
  return {
    path: `Users/${user?.id ?? change.owner}/Events/${change.eventId}`,
    etag: record?.event['@odata.etag'] ?? null,
  };
}

/** Starts the emulator on host:port (default 127.0.0.1, a free port) over HTTPS. */
export async function startMicrosoftEmulator(
  options: MicrosoftEmulatorOptions = {},
): Promise<RunningMicrosoftEmulator> {
  const certificate = options.certificate ?? (await generateCertificate());
  const { app, control, setBaseUrl } = buildMicrosoftEmulator({ ...options, certificate });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `https://localhost:${port}`;
  setBaseUrl(url);
  return {
    url,
    authority: `${url}/common`,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    tenantId: control.tenantId,
    ca: certificate.cert,
    state: control,
    close: () => app.close(),
  };
}
