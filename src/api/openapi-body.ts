/**
 * Documents a request body that Fastify does not validate: one schema per media type, for a route
 * that reads its body itself (the ICS connect route takes JSON, a multipart upload or a raw
 * text/calendar body). A `schema.body` would make Fastify validate every body against it, the
 * multipart one included, which the multipart parser never hands to validation; so the schemas
 * go only into the OpenAPI document, through the route's own swagger transform
 * (`config.swaggerTransform`, which @fastify/swagger uses instead of the global one).
 */
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** A route's swagger transform: the usual zod conversion, plus `bodies` as its request body. */
export function documentBodies(bodies: Record<string, z.ZodType>): SwaggerTransform {
  return (document) => {
    const transformed = jsonSchemaTransform(document as Parameters<typeof jsonSchemaTransform>[0]);
    const content: Record<string, { schema: unknown }> = {};
    for (const [mediaType, body] of Object.entries(bodies)) {
      // Converted as a route's body is, so that targets and $refs match the rest of the document.
      const converted = jsonSchemaTransform({
        ...(document as Parameters<typeof jsonSchemaTransform>[0]),
        schema: { body },
      });
      content[mediaType] = { schema: (converted.schema as { body: unknown }).body };
    }
    return { ...transformed, schema: { ...transformed.schema, body: { content } } };
  };
}
