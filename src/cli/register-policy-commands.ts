import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { PolicyConfigurationError } from '../policy/config-problem.js';
import { describePolicies } from '../policy/describe-policy.js';
import { policyConfigurationFromText } from '../policy/load-policy-config.js';
import { loadPolicyCatalog, type PolicyCatalog } from '../policy/policy-catalog.js';
import type { PolicyChain } from '../policy/policy-chain.js';
import { formatPolicyList } from './format-policy-list.js';

/** Exit codes: 1 when the configuration is invalid, 2 when it could not be checked (unreadable file, `POLICY_DIR`). */
const INVALID = 1;
const CANNOT_CHECK = 2;

/** `luthien policy …`: check a configuration file, and list the policies a configuration may name. */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('policy configurations and the policies they may name (built-ins and POLICY_DIR)');

  policy
    .command('validate')
    .description('check a policy configuration file as the gateway would at start-up (POLICY_DIR policies included)')
    .argument('<file>', 'the YAML (or JSON) configuration file')
    .action(async (file: string) => {
      const config = loadConfig();
      const catalog = await catalogOrExit(config.POLICY_DIR);
      if (catalog === undefined) return;
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        complain(`${file}: cannot read the policy file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, CANNOT_CHECK);
        return;
      }
      try {
        const { chain } = policyConfigurationFromText(text, catalog.registry, { timeoutMs: config.POLICY_HOOK_TIMEOUT_MS }, file);
        process.stdout.write(`${file}: valid: ${summary(chain)}\n`);
      } catch (error) {
        if (!(error instanceof PolicyConfigurationError)) throw error;
        complain(problemsText(`${file} is not a valid policy configuration`, error), INVALID);
      }
    });

  policy
    .command('list')
    .description('list the policies a configuration may name, with their options')
    .option('--json', 'print JSON: each policy with its JSON Schema')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const catalog = await catalogOrExit(config.POLICY_DIR);
      if (catalog === undefined) return;
      const policies = describePolicies(catalog);
      process.stdout.write(options.json === true ? `${JSON.stringify({ policies }, null, 2)}\n` : formatPolicyList(policies));
    });
}

/** The policies of this installation; a `POLICY_DIR` that does not load is reported (exit 2). */
async function catalogOrExit(policyDir: string | undefined): Promise<PolicyCatalog | undefined> {
  try {
    return await loadPolicyCatalog(policyDir, (message) => process.stderr.write(`luthien: warning: ${message}\n`));
  } catch (error) {
    if (!(error instanceof PolicyConfigurationError)) throw error;
    complain(problemsText(`${error.origin} does not load`, error), CANNOT_CHECK);
    return undefined;
  }
}

/** `chain of 2 policies: a (fail_closed, 30000 ms), b (fail_open, 500 ms)`. */
function summary(chain: PolicyChain): string {
  const entries = chain.policies.map(({ policy, failureMode, timeoutMs }) => `${policy.name} (${failureMode}, ${timeoutMs} ms)`);
  return entries.length === 1 ? (entries[0] ?? '') : `chain of ${entries.length} policies: ${entries.join(', ')}`;
}

function problemsText(headline: string, error: PolicyConfigurationError): string {
  return [`${headline}:`, ...error.problems.map((problem) => `  ${problem.path}: ${problem.message}`)].join('\n');
}

function complain(message: string, code: number): void {
  process.stderr.write(`luthien: ${message}\n`);
  process.exitCode = code;
}
