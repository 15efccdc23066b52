import type { FinishedOutput } from '../formats/validate-output.js';
import { validateOutput } from '../formats/validate-output.js';
import type { CallState } from './call-state.js';

/** The log message of a violation, which the test gateway looks for. */
export const OUTPUT_VIOLATION_MESSAGE = 'output validation violation';

/**
 * `STREAM_VALIDATION=log`: checks a response the client received in full against its format's
 * validator and logs each violation (warn, with call id, format and rule). It never changes the
 * response: by the time it runs, the client has it.
 */
export function logOutputViolations(state: CallState, output: FinishedOutput): void {
  for (const violation of validateOutput(state.codec.format, output)) {
    state.logger.warn({ callId: state.callId, format: state.codec.format, stream: output.stream, rule: violation.rule, detail: violation.detail }, OUTPUT_VIOLATION_MESSAGE);
  }
}
