/**
 * The Google Calendar v3 + OAuth 2.0 emulator as a Fastify server that the official Node clients
 * talk to without knowing the difference (contract §1.6: only rootUrl and the OAuth endpoints
 * change).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerCalendarRoutes } from './calendar-routes.js';
import { registerChannelRoutes } from './channel-routes.js';
import type { EmulatorContext } from './context.js';
import { GoogleEmulatorControl } from './control.js';
import { registerControlRoutes } from './control-routes.js';
import { copy } from './event-fields.js';
import { registerEventWriteRoutes } from './event-writes.js';
import { registerEventsRoutes } from './events-routes.js';
import { installErrorHandling } from './error-handling.js';
import { Faults } from './faults.js';
import { installFaults } from './fault-hook.js';
import { OAuthState } from './oauth-state.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { Pager } from './paging.js';
import { PushHub } from './push.js';
import { defaultSeed, parseSeed } from './seed.js';
import { defaultSettings, settingsPatchSchema, type SettingsPatch } from './settings.js';
import { EmulatorState } from './state.js';
import type { GoogleSeed } from './types.js';

export interface GoogleEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Default: defaultSeed() (two users, a few events on Alice's calendar). */
  seed?: GoogleSeed;
  clientId?: string;
  clientSecret?: string;
  /** Allowed redirect URIs; default any absolute http(s) URI. */
  redirectUris?: string[];
  /** The emulator's clock (tokens, channel expiry, `updated`, expansion horizon). */
  now?: () => Date;
  pushRetryDelaysMs?: number[];
  consent?: 'auto' | 'form';
  /** Any other setting (see settings.ts); also changeable later through the control API. */
  settings?: SettingsPatch;
}

export interface RunningGoogleEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  clientId: string;
  clientSecret: string;
  state: GoogleEmulatorControl;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'calintel-emulator.apps.googleusercontent.com';
export const DEFAULT_CLIENT_SECRET = 'calintel-emulator-secret';

/** The server and its control object, not yet listening (tests may use app.inject). */
export function buildGoogleEmulator(options: GoogleEmulatorOptions = {}): {
  app: FastifyInstance;
  control: GoogleEmulatorControl;
  setBaseUrl: (url: string) => void;
} {
  const ctx = createContext(options);
  let baseUrl = 'http://127.0.0.1';
  ctx.baseUrl = () => baseUrl;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  installErrorHandling(app);
  installFaults(app, ctx);
  registerOAuthRoutes(app, {
    oauth: ctx.oauth,
    state: ctx.state,
    settings: ctx.settings,
    redirectUris: options.redirectUris ?? [],
  });
  registerCalendarRoutes(app, ctx);
  registerEventsRoutes(app, ctx);
  registerEventWriteRoutes(app, ctx);
  registerChannelRoutes(app, ctx);
  const control = new GoogleEmulatorControl(ctx);
  registerControlRoutes(app, control);
  app.addHook('onClose', async () => ctx.push.close());
  return { app, control, setBaseUrl: (url) => (baseUrl = url) };
}

function createContext(options: GoogleEmulatorOptions): EmulatorContext {
  const nowMs = () => (options.now ? options.now() : new Date()).getTime();
  const settings = defaultSettings();
  Object.assign(settings, settingsPatchSchema.parse(options.settings ?? {}));
  if (options.pushRetryDelaysMs) settings.pushRetryDelaysMs = [...options.pushRetryDelaysMs];
  if (options.consent) settings.consent = options.consent;
  const seed = parseSeed(options.seed ?? defaultSeed(new Date(nowMs())));
  const client = {
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
  };
  const ctx: EmulatorContext = {
    settings,
    initialSettings: copy(settings),
    state: new EmulatorState(settings, nowMs),
    oauth: new OAuthState(client, settings, nowMs),
    push: new PushHub(settings, nowMs),
    faults: new Faults(),
    pager: new Pager(() => settings.pageShapes),
    seed,
    nowMs,
    baseUrl: () => 'http://127.0.0.1',
  };
  ctx.state.onChange((calendarId, state) => ctx.push.notify(calendarId, state));
  ctx.state.load(seed);
  return ctx;
}

/** Starts the emulator on host:port (default 127.0.0.1, a free port). */
export async function startGoogleEmulator(
  options: GoogleEmulatorOptions = {},
): Promise<RunningGoogleEmulator> {
  const { app, control, setBaseUrl } = buildGoogleEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  setBaseUrl(url);
  return {
    url,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    state: control,
    close: () => app.close(),
  };
}
