import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';

export function healthRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness: the process answers',
          tags: ['operations'],
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    const readiness = z.object({
      status: z.enum(['ready', 'not_ready']),
      checks: z.array(
        z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() }),
      ),
    });
    app.get(
      '/readyz',
      {
        schema: {
          summary: 'Readiness: the database answers, and Redis in the scaled shape',
          tags: ['operations'],
          response: { 200: readiness, 503: readiness },
        },
      },
      async (_request, reply) => {
        const answer = await deps.readiness();
        return reply.status(answer.status === 'ready' ? 200 : 503).send(answer);
      },
    );

    if (deps.metrics) {
      const registry = deps.metrics;
      app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
        return reply.type(registry.contentType).send(await registry.metrics());
      });
    }
  };
}
