import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { OPENAI_MOCK_MODELS } from '../../src/mock-upstream/openai-models.js';
import { startBeforeEach } from '../helpers/closed-after.js';
import { asApiError, startOpenAISdkHarness, thrownBy, type OpenAISdkHarness } from './openai-sdk-harness.js';

let harness: OpenAISdkHarness;
startBeforeEach(startOpenAISdkHarness, (started) => {
  harness = started;
});

describe('/v1/models passes through Luthien to the OpenAI SDK', () => {
  it('lists the models, as a page and by iterating', async () => {
    const page = await harness.client.models.list();
    const ids: string[] = [];
    for await (const model of harness.client.models.list()) ids.push(model.id);

    expect(page.data).toEqual(OPENAI_MOCK_MODELS);
    expect(ids).toEqual(OPENAI_MOCK_MODELS.map((model) => model.id));
    // Forwarded to the OpenAI upstream with the SDK's own credential.
    const forwarded = harness.gateway.upstream.requests.at(-1);
    expect(forwarded?.method).toBe('GET');
    expect(forwarded?.path).toBe('/v1/models');
    expect(forwarded?.headers.authorization).toBe('Bearer test-key');
  });

  it('retrieves one model', async () => {
    const model = await harness.client.models.retrieve('gpt-4.1');

    expect(model).toEqual(OPENAI_MOCK_MODELS.find((known) => known.id === 'gpt-4.1'));
    expect(harness.gateway.upstream.requests.at(-1)?.path).toBe('/v1/models/gpt-4.1');
  });

  it('raises NotFoundError for an unknown model, with the upstream’s error', async () => {
    const error = asApiError(await thrownBy(() => harness.client.models.retrieve('no-such-model')), OpenAI.NotFoundError);

    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('no-such-model');
    expect(error.headers.get('x-luthien-call-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
