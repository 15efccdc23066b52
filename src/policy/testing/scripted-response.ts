import type { JsonObject } from '../../core/json.js';
import type { StopReason } from '../../core/stop-reason.js';
import type { StreamPart } from '../../core/stream-part.js';
import type { WireFormat } from '../../core/wire-format.js';
import type { FormatCodec } from '../../formats/format-codec.js';
import { inputJson } from '../new-block-parts.js';

/** One block of a scripted model answer. Text given as a list streams as those deltas. */
export type ScriptedBlock =
  | { readonly type: 'text'; readonly text: string | readonly string[] }
  | { readonly type: 'thinking'; readonly thinking: string | readonly string[]; readonly signature?: string }
  | {
      readonly type: 'tool-call';
      readonly name: string;
      readonly input: unknown;
      readonly id?: string;
      /** How many fragments the input JSON streams in (default 3). */
      readonly fragments?: number;
    };

/** What the scripted model answers, in neutral terms; each format's encoder writes it as that API would. */
export interface ScriptedResponse {
  readonly blocks: readonly ScriptedBlock[];
  /** Default: `tool-use` when there is a tool call, else `end-turn`. */
  readonly stopReason?: StopReason;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
}

const ids: Readonly<Record<WireFormat, { message: string; tool: (n: number) => string }>> = {
  anthropic: { message: 'msg_scripted', tool: (n) => `toolu_scripted_${n}` },
  'openai-chat': { message: 'chatcmpl-scripted', tool: (n) => `call_scripted_${n}` },
  'openai-responses': { message: 'resp_scripted', tool: (n) => `call_scripted_${n}` },
};

/** The parts of a scripted answer, as a decoder would give them but with no wire data. */
export function scriptedParts(script: ScriptedResponse, format: WireFormat, model: string): StreamPart[] {
  const usage = script.usage ?? { inputTokens: 12, outputTokens: 34 };
  const parts: StreamPart[] = [{ type: 'message-start', id: ids[format].message, model, usage: { inputTokens: usage.inputTokens, outputTokens: 0 } }];
  let tools = 0;
  script.blocks.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'block-start', index, kind: 'text' }, ...pieces(block.text).map((text): StreamPart => ({ type: 'text-delta', index, text })));
        break;
      case 'thinking':
        parts.push(
          { type: 'block-start', index, kind: 'thinking' },
          ...pieces(block.thinking).map((thinking): StreamPart => ({ type: 'thinking-delta', index, thinking })),
          { type: 'signature-delta', index, signature: block.signature ?? 'c2NyaXB0ZWQtc2lnbmF0dXJl' },
        );
        break;
      case 'tool-call': {
        tools++;
        const json = typeof block.input === 'string' ? block.input : inputJson(block.input);
        parts.push(
          { type: 'block-start', index, kind: 'tool-call', id: block.id ?? ids[format].tool(tools), name: block.name },
          ...fragments(json, block.fragments ?? 3).map((fragment): StreamPart => ({ type: 'tool-input-delta', index, json: fragment })),
        );
        break;
      }
    }
    parts.push({ type: 'block-end', index });
  });
  parts.push(
    { type: 'message-delta', stopReason: script.stopReason ?? (tools > 0 ? 'tool-use' : 'end-turn'), stopSequence: null, usage: { outputTokens: usage.outputTokens } },
    { type: 'message-end' },
  );
  return parts;
}

/** The scripted answer as the upstream would send it: the stream's bytes, or the JSON body. */
export function scriptedUpstream(codec: FormatCodec, parts: readonly StreamPart[]): { readonly sse: Buffer; readonly body: JsonObject } {
  const encoder = codec.createEncoder();
  const text = parts.map((part) => encoder.encode(part)).join('') + encoder.flush();
  return { sse: Buffer.from(text, 'utf8'), body: codec.foldResponse(parts) };
}

function pieces(text: string | readonly string[]): readonly string[] {
  return typeof text === 'string' ? [text] : text;
}

function fragments(json: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(json.length / Math.max(1, count)));
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}
