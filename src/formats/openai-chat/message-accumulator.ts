import { isJsonObject, type JsonObject } from '../../core/json.js';

/** Keys that name something: a later value replaces the earlier one instead of appending to it. */
const identityKeys: ReadonlySet<string> = new Set(['role', 'id', 'type', 'name', 'index', 'object', 'model', 'finish_reason']);

/**
 * Folds stream deltas into the message a non-streaming response would hold, for the fields Luthien
 * does not model (refusal, audio, annotations, logprobs, other choices): strings and arrays append,
 * objects merge, identities (`role`, `id`, `type`, `name`) and scalars replace, `null` fills only a
 * gap. Tool-call entries merge by their `index` and lose it, as a whole message has none.
 */
export class MessageAccumulator {
  private fields: JsonObject = {};
  private readonly calls = new Map<number, JsonObject>();

  add(delta: JsonObject): void {
    const { tool_calls: calls, ...rest } = delta;
    this.fields = mergeFields(this.fields, rest);
    if (!Array.isArray(calls)) {
      if (calls !== undefined && !('tool_calls' in this.fields)) this.fields = { ...this.fields, tool_calls: calls };
      return;
    }
    calls.forEach((entry, position) => {
      if (!isJsonObject(entry)) return;
      const { index, ...fields } = entry;
      const key = typeof index === 'number' ? index : position;
      this.calls.set(key, mergeFields(this.calls.get(key) ?? {}, fields));
    });
  }

  message(): JsonObject {
    if (this.calls.size === 0) return this.fields;
    const calls = [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
    return { ...this.fields, tool_calls: calls };
  }
}

export function mergeFields(target: JsonObject, delta: JsonObject): JsonObject {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(delta)) out[key] = mergeValue(key, out[key], value);
  return out;
}

function mergeValue(key: string, current: unknown, value: unknown): unknown {
  if (value === null || value === undefined) return current === undefined ? value : current;
  if (current === null || current === undefined || identityKeys.has(key)) return value;
  if (typeof value === 'string' && typeof current === 'string') return current + value;
  if (Array.isArray(value) && Array.isArray(current)) return [...(current as unknown[]), ...(value as unknown[])];
  if (isJsonObject(value) && isJsonObject(current)) return mergeFields(current, value);
  return value;
}
