import { expect } from 'vitest';
import { codexHeaders, codexRequest } from '../../../test/integration/support/codex-request.js';
import { postResponses } from '../../../test/integration/support/http-exchange.js';
import { sseEvents } from '../../../test/integration/support/sse-events.js';

type Json = Record<string, unknown>;

/** The output items of a streamed Responses answer, as Codex (`store: false`) sends them back. */
function outputItems(body: string): Json[] {
  const completed = sseEvents(body).find((event) => event.event === 'response.completed');
  const response = completed?.data.response as { output?: Json[] } | undefined;
  return response?.output ?? [];
}

/**
 * Drives a Codex-shaped session (`/v1/responses`, `store: false`, whole input resent every turn) through
 * the gateway at `url`: a function call, its output, a reasoning answer, and a follow-up that carries
 * the reasoning item back.
 */
export async function runCodexSession(url: string): Promise<void> {
  const base = JSON.parse(codexRequest('unused')) as Json;
  // Codex's opening items (developer instructions, environment context), without the prompt.
  const input: Json[] = (base.input as Json[]).slice(0, -1);
  const turn = async (items: Json[]): Promise<void> => {
    input.push(...items);
    const answer = await postResponses(url, JSON.stringify({ ...base, input }), codexHeaders);
    expect(answer.status).toBe(200);
    input.push(...outputItems(answer.text));
  };
  const message = (text: string): Json => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

  await turn([message('List the files here. mock:tool')]);
  const call = input.find((item) => item.type === 'function_call');
  await turn([{ type: 'function_call_output', call_id: call?.call_id, output: 'Process exited with code 0\nOutput:\nREADME.md\nsrc\n' }]);
  await turn([message('Why these files? mock:thinking')]);
  await turn([message('Thanks!')]);
}
