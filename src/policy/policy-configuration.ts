import { z } from 'zod';
import type { FailureMode, PolicyDefinition, PolicySpec } from '../core/policy-definition.js';
import { chainPolicy } from '../policies/chain.js';
import { formatConfigPath, PolicyConfigurationError, problemsOfIssues, type ConfigProblem, type PathSegment } from './config-problem.js';
import type { ConfiguredPolicy, MessageTemplates } from './configured-policy.js';
import { PolicyChain } from './policy-chain.js';
import { policySpecSchema } from './policy-spec-schema.js';

/** The policies a configuration may name, by name (see `createPolicyRegistry`). */
export type PolicyRegistry = ReadonlyMap<string, PolicyDefinition>;

/** A policy configuration document (`POLICY_CONFIG`, the admin API, a stored version). */
export interface PolicyConfiguration {
  readonly policy: PolicySpec;
  readonly messages?: MessageTemplates;
}

const template = (what: string) => z.string().min(1).optional().meta({ description: what });

export const messageTemplatesSchema = z.strictObject({
  blocked_tool_call: template('Shown in place of a blocked tool call. Placeholders: {policy}, {reason}, {tool}, {input}.'),
  blocked_request: template('The answer to a request a policy blocked. Placeholders: {policy}, {reason}.'),
  blocked_text: template('Shown in place of text a policy withheld. Placeholders: {policy}, {reason}.'),
  policy_failed: template('Shown when a fail_closed policy failed or timed out. Placeholders: {policy}, {what}, {error}.'),
});

export const policyConfigurationSchema = z.strictObject({
  policy: policySpecSchema,
  messages: messageTemplatesSchema.optional(),
});

/** What the runtime needs when a configuration does not say. */
export interface PolicyDefaults {
  /** `POLICY_HOOK_TIMEOUT_MS`. */
  readonly timeoutMs: number;
}

/** Nested chains deeper than this are a mistake (or a YAML alias pointing at its own ancestor). */
const maxChainDepth = 8;

interface ResolvedPolicy {
  readonly definition: PolicyDefinition;
  readonly config: unknown;
  readonly failureMode: FailureMode;
  readonly timeoutMs: number;
  readonly path: readonly PathSegment[];
}

/**
 * Checks a parsed document (YAML or JSON) completely: its shape, every policy name, and every
 * policy's config against that policy's own schema. All problems are reported at once, each with its
 * path in the document. `origin` names the document in the error (a file, `the request body`, …).
 */
export function parsePolicyConfiguration(document: unknown, registry: PolicyRegistry, origin: string): PolicyConfiguration {
  const problems: ConfigProblem[] = [];
  const shape = policyConfigurationSchema.safeParse(document);
  if (!shape.success) problems.push(...problemsOfIssues(shape.error.issues, []));
  // The policy is checked even when something else in the document is wrong, so every problem shows.
  const policy = checkableSpec(isRecord(document) ? document.policy : undefined);
  if (policy !== undefined) resolvePolicies(policy, registry, { timeoutMs: 1 }, problems);
  if (problems.length > 0 || !shape.success) throw new PolicyConfigurationError(origin, problems);
  return shape.data;
}

/**
 * Builds the runtime chain of a configuration: each policy's config validated by its schema, nested
 * chains flattened, failure modes and timeouts resolved (the entry's, else the enclosing chain
 * entry's, else the policy's default, else `fail_closed` and `defaults.timeoutMs`). Throws a
 * PolicyConfigurationError naming every problem with its path.
 */
export function buildPolicyChain(configuration: PolicyConfiguration, registry: PolicyRegistry, defaults: PolicyDefaults, origin = 'the policy configuration'): PolicyChain {
  const problems: ConfigProblem[] = [];
  const resolved = resolvePolicies(configuration.policy, registry, defaults, problems);
  const configured: ConfiguredPolicy[] = [];
  for (const entry of resolved) {
    try {
      configured.push({ policy: entry.definition.create(entry.config), failureMode: entry.failureMode, timeoutMs: entry.timeoutMs });
    } catch (error) {
      problems.push({ path: formatConfigPath([...entry.path, 'config']), message: `${entry.definition.name} could not be set up: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (problems.length > 0) throw new PolicyConfigurationError(origin, problems);
  return new PolicyChain(configured, configuration.messages === undefined ? undefined : { messages: configuration.messages });
}

/** The names of the policies a configuration runs, in order, nested chains flattened (no validation). */
export function policyNames(configuration: PolicyConfiguration, registry: PolicyRegistry): string[] {
  return resolvePolicies(configuration.policy, registry, { timeoutMs: 1 }, []).map((entry) => entry.definition.name);
}

function resolvePolicies(spec: PolicySpec, registry: PolicyRegistry, defaults: PolicyDefaults, problems: ConfigProblem[]): ResolvedPolicy[] {
  const resolved: ResolvedPolicy[] = [];
  const visit = (entry: PolicySpec, path: readonly PathSegment[], inherited: Pick<PolicySpec, 'on_failure' | 'timeout_ms'>, depth: number): void => {
    const definition = registry.get(entry.name);
    if (definition === undefined) {
      problems.push({ path: formatConfigPath([...path, 'name']), message: `unknown policy '${entry.name}' (known: ${[...registry.keys()].join(', ')})` });
      return;
    }
    const parsed = definition.configSchema.safeParse(entry.config ?? {});
    if (!parsed.success) problems.push(...problemsOfIssues(parsed.error.issues, [...path, 'config']));
    const failureMode = entry.on_failure ?? inherited.on_failure;
    const timeoutMs = entry.timeout_ms ?? inherited.timeout_ms;
    if (definition === chainPolicy) {
      if (depth >= maxChainDepth) {
        problems.push({ path: formatConfigPath(path), message: `chains nest more than ${maxChainDepth} deep` });
        return;
      }
      // Members are checked one by one even when another member is malformed, so every problem shows.
      chainMembers(entry.config).forEach((member, index) => {
        const memberSpec = checkableSpec(member);
        if (memberSpec !== undefined) visit(memberSpec, [...path, 'config', 'policies', index], { on_failure: failureMode, timeout_ms: timeoutMs }, depth + 1);
      });
      return;
    }
    if (!parsed.success) return;
    resolved.push({
      definition,
      config: parsed.data,
      failureMode: failureMode ?? definition.defaultFailureMode ?? 'fail_closed',
      timeoutMs: timeoutMs ?? definition.defaultTimeoutMs ?? defaults.timeoutMs,
      path,
    });
  };
  visit(spec, ['policy'], {}, 0);
  return resolved;
}

/**
 * The part of an entry whose policy can still be checked when the entry has other problems (an
 * invalid `on_failure`, an unknown key): its name and config. Those other problems are reported by the
 * schema of whatever holds the entry.
 */
function checkableSpec(value: unknown): PolicySpec | undefined {
  const whole = policySpecSchema.safeParse(value);
  if (whole.success) return whole.data;
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  const config = value.config;
  if (config !== undefined && config !== null && !isRecord(config)) return undefined;
  return { name: value.name, config };
}

function chainMembers(config: PolicySpec['config']): readonly unknown[] {
  const policies = config?.policies;
  return Array.isArray(policies) ? (policies as unknown[]) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
