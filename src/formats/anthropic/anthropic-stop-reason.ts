import type { StopReason } from '../../core/stop-reason.js';

const fromWire: Readonly<Record<string, StopReason>> = {
  end_turn: 'end-turn',
  max_tokens: 'max-tokens',
  stop_sequence: 'stop-sequence',
  tool_use: 'tool-use',
  pause_turn: 'pause-turn',
  refusal: 'refusal',
};

/** @see https://docs.anthropic.com/en/api/messages#response-stop-reason */
export function stopReasonFromAnthropic(value: unknown): StopReason | null {
  if (typeof value !== 'string') return null;
  return fromWire[value] ?? `other:${value}`;
}

export function stopReasonToAnthropic(reason: StopReason | null): string | null {
  switch (reason) {
    case null:
      return null;
    case 'end-turn':
      return 'end_turn';
    case 'max-tokens':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'tool-use':
      return 'tool_use';
    case 'pause-turn':
      return 'pause_turn';
    case 'refusal':
      return 'refusal';
    // Anthropic has no content filter stop; the closest honest answer is a refusal.
    case 'content-filter':
      return 'refusal';
    default:
      return reason.slice('other:'.length);
  }
}
