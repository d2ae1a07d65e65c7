/**
 * What the OpenAPI document says that @fastify/swagger cannot know. It marks every request body
 * `required: true`, since Fastify validates a missing body as such; but this server reads a
 * missing (or empty) body as `{}` (server.ts), so a body whose fields are all optional may be
 * left out: `required: false`. And a 204 has no content (RFC 9110, 15.3.5), whatever schema the
 * route gives its null answer.
 */
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';

interface Operation {
  requestBody?: { required?: boolean };
  responses?: Record<string, { content?: unknown }>;
}

export class OpenApiDocument {
  /** `post /api/v1/calendar/sync/`: the operations whose body may be left out. */
  readonly #optionalBodies = new Set<string>();

  /** Records, for every route registered on `app` from now on, whether its body may be omitted. */
  listen(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const body = route.schema?.body as z.ZodType | undefined;
      if (body === undefined || !acceptsEmptyObject(body)) return;
      for (const method of ([] as string[]).concat(route.method))
        this.#optionalBodies.add(operationKey(method, openApiPath(route.url)));
    });
  }

  /** The document's last transform: zod's components, then the corrections above. */
  readonly transformObject: SwaggerTransformObject = (input) => {
    const document = jsonSchemaTransformObject(input);
    const paths = (document as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.requestBody && this.#optionalBodies.has(operationKey(method, path)))
          operation.requestBody.required = false;
        const noContent = operation.responses?.['204'];
        if (noContent) delete noContent.content;
      }
    }
    return document;
  };
}

/** Whether a route's body schema takes `{}`, which is what a request without a body becomes. */
function acceptsEmptyObject(body: z.ZodType): boolean {
  try {
    return body.safeParse({}).success;
  } catch {
    // An asynchronous refinement cannot be run here: say the body is required.
    return false;
  }
}

function operationKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${path}`;
}

/** A route's URL as the document names it: `/calendars/:id/` is `/calendars/{id}/`. */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}
