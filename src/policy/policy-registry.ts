import type { PolicyDefinition } from '../core/policy-definition.js';
import { allCapsPolicy } from '../policies/all-caps.js';
import { blockToolCallsPolicy } from '../policies/block-tool-calls.js';
import { chainPolicy } from '../policies/chain.js';
import { debugLoggingPolicy } from '../policies/debug-logging.js';
import { noopPolicy } from '../policies/noop.js';
import { secretGuardPolicy } from '../policies/secret-guard.js';
import { simplePolicy } from '../policies/simple.js';
import { ruleJudgePolicy } from '../policies/rule-judge.js';
import { stringReplacementPolicy } from '../policies/string-replacement.js';
import { toolCallJudgePolicy } from '../policies/tool-call-judge.js';

/** The built-in policies, by name. */
export const builtinPolicies: ReadonlyMap<string, PolicyDefinition> = new Map(
  [
    noopPolicy,
    allCapsPolicy,
    stringReplacementPolicy,
    debugLoggingPolicy,
    simplePolicy,
    blockToolCallsPolicy,
    secretGuardPolicy,
    toolCallJudgePolicy,
    ruleJudgePolicy,
    chainPolicy,
  ].map((definition) => [definition.name, definition as PolicyDefinition]),
);

/**
 * The policies a configuration may name: the built-ins and the user policies loaded from
 * `POLICY_DIR`. A user policy cannot take a built-in's name (nor another user policy's): the name in
 * a configuration must mean one thing.
 */
export function createPolicyRegistry(userPolicies: readonly PolicyDefinition[] = []): ReadonlyMap<string, PolicyDefinition> {
  const registry = new Map(builtinPolicies);
  for (const definition of userPolicies) {
    if (registry.has(definition.name)) throw new Error(`policy name '${definition.name}' is taken`);
    registry.set(definition.name, definition);
  }
  return registry;
}
