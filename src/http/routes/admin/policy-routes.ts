import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProxyError } from '../../../core/proxy-error.js';
import { PolicyConfigurationError } from '../../../policy/config-problem.js';
import { describePolicies } from '../../../policy/describe-policy.js';
import type { PolicyHolder } from '../../../policy/policy-holder.js';
import { replyWithAdminError } from '../../admin-auth.js';
import { isJsonContentType } from '../../is-json-content-type.js';
import { policyStatusBody, storedVersionBody } from './policy-status-body.js';

/** Who changed the configuration: the admin key is the only identity the admin API knows. */
const ADMIN = 'admin';

const comment = z.string().max(1000);

const putJsonBody = z.strictObject({
  /** The configuration document, as an object or as YAML text. */
  configuration: z.union([z.record(z.string(), z.unknown()), z.string().min(1)]),
  comment: comment.optional(),
});

const rollbackBody = z.strictObject({
  version: z.number().int().positive(),
  comment: comment.optional(),
});

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

const commentQuery = z.strictObject({ comment: comment.optional() });

const yamlTypes = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

/**
 * The policy admin API (under `/api`, admin key required): the policies there are, the configuration
 * in force, setting a new one (checked, stored as a version, in force on every instance for the calls
 * that start after it), its history, and rolling back to an earlier version.
 */
export function policyRoutes(app: FastifyInstance, holder: PolicyHolder): void {
  app.get('/policies', async () => ({ policies: describePolicies(await holder.catalog()) }));

  app.get('/policy', () => policyStatusBody(holder));

  app.put('/policy', async (request, reply) => {
    const change = readPutBody(request);
    if (change instanceof ProxyError) return replyWithAdminError(reply, change);
    return answer(reply, () => holder.set(change.document, { by: ADMIN, comment: change.comment }), holder);
  });

  app.get('/policy/history', async (request, reply) => {
    const query = historyQuery.safeParse(request.query);
    if (!query.success) return replyWithAdminError(reply, invalid(query.error.issues, 'query'));
    const versions = await holder.history(query.data);
    const current = holder.status().stored?.version;
    const last = versions.at(-1);
    return {
      versions: versions.map((stored) => storedVersionBody(stored, current)),
      ...(versions.length === query.data.limit && last !== undefined ? { nextBefore: last.version } : {}),
    };
  });

  app.post('/policy/rollback', async (request, reply) => {
    const body = readJson(request, rollbackBody);
    if (body instanceof ProxyError) return replyWithAdminError(reply, body);
    return answer(reply, () => holder.rollback(body.version, { by: ADMIN, comment: body.comment }), holder);
  });
}

/** Runs a change and answers with the new state, or with what was wrong (400 with every problem). */
async function answer(reply: FastifyReply, change: () => Promise<unknown>, holder: PolicyHolder): Promise<unknown> {
  try {
    await change();
  } catch (error) {
    if (error instanceof PolicyConfigurationError) {
      const proxyError = new ProxyError('LUTHIEN_POLICY_CONFIG_INVALID', error.message);
      return reply.code(proxyError.status).send({ error: { code: proxyError.code, message: proxyError.message, problems: error.problems } });
    }
    if (ProxyError.isInstance(error)) return replyWithAdminError(reply, error);
    throw error;
  }
  return policyStatusBody(holder);
}

/** The new document and its comment, from a JSON body or a YAML one (`?comment=`). */
function readPutBody(request: FastifyRequest): { document: string; comment: string | undefined } | ProxyError {
  const contentType = request.headers['content-type'];
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (yamlTypes.has(mediaType)) {
    const query = commentQuery.safeParse(request.query);
    if (!query.success) return invalid(query.error.issues, 'query');
    const text = bodyText(request);
    if (text.trim() === '') return new ProxyError('LUTHIEN_INVALID_REQUEST', 'the body is empty: send the configuration document');
    return { document: text, comment: query.data.comment };
  }
  const body = readJson(request, putJsonBody);
  if (body instanceof ProxyError) return body;
  const document = typeof body.configuration === 'string' ? body.configuration : `${JSON.stringify(body.configuration, null, 2)}\n`;
  return { document, comment: body.comment };
}

function readJson<T>(request: FastifyRequest, schema: z.ZodType<T>): T | ProxyError {
  if (!isJsonContentType(request.headers['content-type'])) {
    return new ProxyError('LUTHIEN_UNSUPPORTED_CONTENT_TYPE', `${request.headers['content-type'] ?? ''}: send application/json${request.method === 'PUT' ? ', or the YAML document as application/yaml' : ''}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(bodyText(request));
  } catch (error) {
    return new ProxyError('LUTHIEN_INVALID_JSON', error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : invalid(parsed.error.issues, 'body');
}

/** The gateway reads every body as raw bytes (see app.ts). */
function bodyText(request: FastifyRequest): string {
  return Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
}

function invalid(issues: readonly z.core.$ZodIssue[], what: string): ProxyError {
  return new ProxyError('LUTHIEN_INVALID_REQUEST', issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; '));
}
