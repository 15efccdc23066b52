import { isJsonObject } from '../core/json.js';
import type { NewBlock, RequestDecision, ResponseDecision, TextBlockDecision, ToolCallDecision } from '../core/policy.js';
import type { StreamPart } from '../core/stream-part.js';

/*
 * What a hook returned, checked before the runtime acts on it. Hooks are typed, but a policy in plain
 * JavaScript, a cast or a forgotten `return` can still hand back anything; such a value is a failure of
 * the hook (handled by its failure mode), never a crash of the call.
 */

const isString = (value: unknown): value is string => typeof value === 'string';
const actionOf = (value: unknown): unknown => (isJsonObject(value) ? value.action : undefined);

export function isText(value: unknown): value is string {
  return isString(value);
}

export function isNewBlock(value: unknown): value is NewBlock {
  if (!isJsonObject(value)) return false;
  if (value.type === 'text') return isString(value.text);
  return value.type === 'tool-call' && isString(value.name) && (value.id === undefined || isString(value.id));
}

function isBlockList(value: unknown): value is readonly NewBlock[] {
  return Array.isArray(value) && value.every(isNewBlock);
}

function isBlock(value: unknown): boolean {
  return isJsonObject(value) && isString(value.reason) && (value.message === undefined || isString(value.message));
}

export function isRequestDecision(value: unknown): value is RequestDecision {
  switch (actionOf(value)) {
    case 'continue':
      return isJsonObject(value) && (value.request === undefined || (isJsonObject(value.request) && typeof value.request.toBody === 'function'));
    case 'respond':
      return isJsonObject(value) && isString(value.text);
    case 'block':
      return isBlock(value);
    default:
      return false;
  }
}

export function isTextBlockDecision(value: unknown): value is TextBlockDecision {
  switch (actionOf(value)) {
    case 'keep':
    case 'drop':
      return true;
    case 'replace':
      return isJsonObject(value) && isBlockList(value.blocks);
    case 'block':
      return isBlock(value);
    default:
      return false;
  }
}

export function isToolCallDecision(value: unknown): value is ToolCallDecision {
  switch (actionOf(value)) {
    case 'allow':
      return true;
    case 'replace':
      return isJsonObject(value) && 'input' in value && (value.name === undefined || isString(value.name));
    case 'block':
      return isBlock(value);
    default:
      return false;
  }
}

export function isResponseDecision(value: unknown): value is ResponseDecision {
  switch (actionOf(value)) {
    case 'keep':
      return true;
    case 'append':
      return isJsonObject(value) && isBlockList(value.blocks);
    default:
      return false;
  }
}

const partTypes: ReadonlySet<unknown> = new Set<StreamPart['type']>([
  'message-start',
  'block-start',
  'text-delta',
  'thinking-delta',
  'signature-delta',
  'tool-input-delta',
  'block-end',
  'message-delta',
  'message-end',
  'error',
  'passthrough',
]);

function isPart(value: unknown): value is StreamPart {
  return isJsonObject(value) && partTypes.has(value.type);
}

/** What `onPart` may return: a part, a list of parts, or null. */
export function isPartResult(value: unknown): value is StreamPart | readonly StreamPart[] | null {
  return value === null || isPart(value) || (Array.isArray(value) && value.every(isPart));
}
