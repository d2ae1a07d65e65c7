/** Applies the fault rules (faults.ts) to every request but the control API's. */
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.js';
import { fullSyncRequired } from './errors.js';
import { faultError } from './faults.js';

export function installFaults(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__control/')) return;
    const rule = ctx.faults.pick(request.method, request.url);
    if (!rule) return;
    if (rule.fault === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1_000));
      return;
    }
    if (rule.fault === 'drop') {
      // No response at all: the client sees a reset connection (a network error, no status).
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (rule.fault === 'fullSyncRequired') {
      invalidateCalendarOf(ctx, request.url, request.headers.authorization);
      throw fullSyncRequired();
    }
    const error = faultError(rule.fault);
    if (error) throw error;
  });
}

/** The calendar named in the path loses its sync tokens, as when Google invalidates them. */
function invalidateCalendarOf(ctx: EmulatorContext, url: string, authorization?: string): void {
  const match = /\/calendar\/v3\/calendars\/([^/?]+)/.exec(url);
  if (!match?.[1]) return;
  const asked = decodeURIComponent(match[1]);
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const user = token ? ctx.oauth.authenticate(token)?.user : undefined;
  try {
    const id = user ? ctx.state.calendarFor(user, asked).info.id : asked;
    ctx.state.syncTokens.invalidate(id);
  } catch {
    ctx.state.syncTokens.invalidate(asked);
  }
}
