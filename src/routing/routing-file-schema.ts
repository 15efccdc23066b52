import { z } from 'zod';
import { apiFamilies } from './api-family.js';

const backendSchema = z.strictObject({
  api: z.enum(apiFamilies),
  url: z.url({ protocol: /^https?$/ }),
  /** Name of the environment variable holding the key: keeps secrets out of the file. */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  api_key: z.string().min(1).optional(),
  auth_header: z.enum(['x-api-key', 'authorization']).optional(),
});

/**
 * The routing file (`ROUTING_CONFIG`): a table of backends, defaults per API family or client path,
 * and model-name rules. docs/configuration.md documents every field.
 */
export const routingFileSchema = z.strictObject({
  backends: z.record(z.string(), backendSchema).optional(),
  defaults: z.record(z.string(), z.string().min(1)).optional(),
  models: z.array(z.strictObject({ match: z.string().min(1), backend: z.string().min(1) })).optional(),
});

/** Backend names appear in logs, metrics and the routing rules: keep them plain. */
export const backendNamePattern = /^[a-z0-9][a-z0-9_.-]*$/;

export type RoutingFile = z.output<typeof routingFileSchema>;
export type BackendEntry = z.output<typeof backendSchema>;
