import { sseEvents } from '../../../test/integration/support/sse-events.js';

type Block = Record<string, unknown>;

/**
 * The content blocks of a streamed Anthropic message, as a client assembles them to send back as the
 * assistant turn of its next request (thinking keeps its signature, tool inputs are parsed).
 */
export function anthropicStreamContent(body: string): Block[] {
  const blocks: Block[] = [];
  const inputs = new Map<number, string>();
  for (const { event, data } of sseEvents(body)) {
    const index = typeof data.index === 'number' ? data.index : -1;
    if (event === 'content_block_start') {
      blocks[index] = { ...(data.content_block as Block) };
      continue;
    }
    if (event === 'content_block_stop' && inputs.has(index)) {
      const block = blocks[index];
      if (block !== undefined) block.input = JSON.parse(inputs.get(index) ?? '{}') as unknown;
      continue;
    }
    if (event !== 'content_block_delta') continue;
    const block = blocks[index];
    const delta = data.delta as Record<string, string>;
    if (block === undefined) continue;
    if (delta.type === 'text_delta') block.text = `${String(block.text)}${delta.text ?? ''}`;
    else if (delta.type === 'thinking_delta') block.thinking = `${String(block.thinking)}${delta.thinking ?? ''}`;
    else if (delta.type === 'signature_delta') block.signature = delta.signature;
    else if (delta.type === 'input_json_delta') inputs.set(index, `${inputs.get(index) ?? ''}${delta.partial_json ?? ''}`);
  }
  return blocks;
}
