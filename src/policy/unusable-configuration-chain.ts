import type { Policy } from '../core/policy.js';
import { configurePolicy } from './configured-policy.js';
import { PolicyChain } from './policy-chain.js';

/** The name the stand-in policy is recorded under. */
export const unusableConfigurationPolicyName = 'policy-configuration-unusable';

/**
 * What runs while the configuration that should be in force cannot be loaded: every call is answered,
 * without reaching the model, with a message saying why. Failing closed is the point: a guard that
 * silently disappeared would let through everything it was set up to stop. The answer is recorded as
 * an intervention, so the activity feed shows it; the details are in the log and `GET /api/policy`.
 */
export function unusableConfigurationChain(version: number | undefined, timeoutMs: number): PolicyChain {
  const which = version === undefined ? 'The policy configuration' : `The policy configuration in force (version ${version})`;
  const policy: Policy = {
    name: unusableConfigurationPolicyName,
    onRequest: () => ({
      action: 'respond',
      text: `This request was not sent to the model: ${which.charAt(0).toLowerCase()}${which.slice(1)} could not be loaded, so Luthien cannot check requests.\n\nPlease tell your administrator; it works again as soon as the configuration is fixed.`,
      reason: `${which} could not be loaded`,
    }),
  };
  return new PolicyChain([configurePolicy(policy, { timeoutMs })]);
}
