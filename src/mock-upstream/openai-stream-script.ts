import type { MockDirectives } from './mock-directives.js';
import type { StreamEnding } from './write-event-stream.js';

/** The shape of a scripted OpenAI stream; the same precedence as the Anthropic path. */
export type OpenAIStreamScript = 'complete' | 'hang' | 'error-event' | 'mid-error' | 'disconnect';

export function openaiStreamScript(directives: MockDirectives): OpenAIStreamScript {
  if (directives.hang) return 'hang';
  if (directives.errorEvent) return 'error-event';
  if (directives.midError) return 'mid-error';
  if (directives.disconnect) return 'disconnect';
  return 'complete';
}

export function streamEndingFor(script: OpenAIStreamScript): StreamEnding {
  if (script === 'hang') return 'hang';
  return script === 'disconnect' ? 'destroy' : 'end';
}
