/**
 * Applies the fault rules (faults.ts) and the per-mailbox concurrency limit to every request but
 * the control API's. Token-endpoint faults answer in the identity platform's shape, Graph ones in
 * Graph's.
 */
import type { FastifyInstance } from 'fastify';
import { userOf } from './api-auth.js';
import type { EmulatorContext } from './context.js';
import { resyncRequired, throttled } from './errors.js';
import { graphFault, tokenFault } from './faults.js';
import { initialDeltaUrl } from './graph-routes.js';

export function installFaults(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__control/')) return;
    const user = userOf(request, ctx.identity);
    if (user) {
      if (!ctx.load.enter(user.email, ctx.settings.maxConcurrentPerMailbox))
        throw throttled('MailboxConcurrency', 1);
      reply.raw.once('close', () => ctx.load.leave(user.email));
    }
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
    if (request.url.includes('/oauth2/')) {
      const error = tokenFault(rule);
      if (error) throw error;
      return;
    }
    if (rule.fault === 'resyncRequired')
      throw resyncRequired(resyncLocation(ctx, request.url), rule.code);
    const error = graphFault(rule);
    if (error) throw error;
  });
}

/** The fresh initial URL of the delta round a request belongs to (its window when known). */
function resyncLocation(ctx: EmulatorContext, url: string): string {
  const params = new URL(url, ctx.baseUrl()).searchParams;
  const token = params.get('$skiptoken');
  const state = token
    ? ctx.delta.page(token)?.round.scope
    : ctx.delta.deltaState(params.get('$deltatoken') ?? '');
  if (state) return initialDeltaUrl(ctx, state);
  return `${ctx.baseUrl()}${url}`;
}
