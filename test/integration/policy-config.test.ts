import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { policyFromConfig, startGateway } from '../../src/serve.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { postMessages } from './support/http-exchange.js';
import { ALL_CAPS_POLICY, writePolicyFile } from './support/policy-file.js';

function configFor(policyFile: string) {
  return loadConfig({ GATEWAY_PORT: '0', GATEWAY_HOST: '127.0.0.1', POLICY_CONFIG: policyFile, LOG_LEVEL: 'silent' });
}

const invalidFiles = [
  { name: 'an unknown policy name', yaml: 'policy: { name: no-such-policy, config: {} }\n', problem: /unknown policy 'no-such-policy'/ },
  { name: 'malformed YAML', yaml: 'policy: { name: all-caps, config: {\n', problem: /invalid YAML/ },
  { name: 'an unknown config field', yaml: 'policy: { name: all-caps, config: { shout: true } }\n', problem: /policy\.config.*shout/ },
  { name: 'a missing policy name', yaml: 'policy: { config: {} }\n', problem: /policy\.name/ },
] as const;

describe('POLICY_CONFIG', () => {
  it.each(invalidFiles)('$name: policyFromConfig rejects, naming the file and the problem', async ({ yaml, problem }) => {
    const file = await writePolicyFile(yaml);
    const failure = policyFromConfig(configFor(file));

    await expect(failure).rejects.toThrow(problem);
    await expect(failure).rejects.toThrow(file);
  });

  it.each(invalidFiles)('$name: startGateway rejects before listening', async ({ yaml, problem }) => {
    const file = await writePolicyFile(yaml);
    const failure = startGateway(configFor(file), { logger: createLogger('silent') });

    await expect(failure).rejects.toThrow(problem);
    await expect(failure).rejects.toThrow(file);
  });

  it('a missing file is named in the error', async () => {
    const file = `${await writePolicyFile(ALL_CAPS_POLICY)}.missing`;

    await expect(policyFromConfig(configFor(file))).rejects.toThrow(`${file}: cannot read the policy file (ENOENT)`);
  });

  it('a valid file puts the policy in the path', async () => {
    const gateway = await startTestGateway({ env: { POLICY_CONFIG: await writePolicyFile(ALL_CAPS_POLICY) } });
    try {
      const response = await postMessages(gateway.url, claudeCodeRequest('mock:text:3', { stream: false }));

      expect(response.status).toBe(200);
      expect(response.text).toContain('"WORD1 WORD2 WORD3"');
    } finally {
      await gateway.close();
    }
  });
});
