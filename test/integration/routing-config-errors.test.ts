import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { callLogOf } from './support/call-log.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { postChat } from './support/http-exchange.js';
import { chatBody } from './support/openai-bodies.js';
import { writeRoutingFile } from './support/routing-file.js';

// Passed in, so a gateway that refuses to start leaves no upstream behind.
let upstream: MockUpstream;
beforeAll(async () => {
  upstream = await startMockUpstream({ port: 0 });
});
afterAll(async () => {
  await upstream.close();
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a bad routing file stops the gateway with a message naming the file and the place', () => {
  it.each([
    ['an unknown backend in a model rule', 'models:\n  - match: gpt-oss-*\n    backend: nowhere\n', "models.0.backend: unknown backend 'nowhere' (known: anthropic, openai)"],
    ['an unknown API family', 'backends:\n  local:\n    api: gemini\n    url: http://127.0.0.1:1/v1\n', 'backends.local.api'],
    ['a URL that is not one', 'backends:\n  local:\n    api: openai\n    url: not a url\n', 'backends.local.url'],
    ['an unknown field', 'backends:\n  local:\n    api: openai\n    url: http://127.0.0.1:1/v1\n    key: k\n', 'backends.local: Unrecognized key: "key"'],
    ['a default naming a backend of the other family', 'defaults:\n  /v1/chat/completions: anthropic\n', 'defaults./v1/chat/completions'],
    ['a family default of the wrong family', 'defaults:\n  openai: anthropic\n', 'defaults.openai'],
    ['a misspelt section', 'model:\n  - match: x\n    backend: openai\n', 'Unrecognized key: "model"'],
    ['invalid YAML', 'backends:\n  local: [unclosed\n', 'invalid YAML at line'],
  ])('%s', async (_case, yaml, place) => {
    const file = await writeRoutingFile(yaml);

    await expect(startTestGateway({ upstream, env: { ROUTING_CONFIG: file } })).rejects.toThrow(new RegExp(`^${escaped(file)}: .*${escaped(place)}`));
  });

  it('a routing file that does not exist', async () => {
    const file = join(await writeRoutingFile(''), '..', 'missing.yaml');

    await expect(startTestGateway({ upstream, env: { ROUTING_CONFIG: file } })).rejects.toThrow(new RegExp(`^${escaped(file)}: cannot read the routing file \\(ENOENT\\)`));
  });

  it('an empty routing file is the built-in routing', async () => {
    const gateway = await startTestGateway({ upstream, env: { ROUTING_CONFIG: await writeRoutingFile('# nothing yet\n') } });
    try {
      const response = await postChat(gateway.url, chatBody('hi'));

      expect(response.status).toBe(200);
      expectValidResponse('openai-chat', response);
      expect(await callLogOf(gateway, response)).toMatchObject({ backend: 'openai', outcome: 'completed' });
    } finally {
      await gateway.close();
    }
  });
});
