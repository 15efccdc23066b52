import type { WireFormat } from '../../src/core/wire-format.js';
import { validateOutput, type FinishedOutput } from '../../src/formats/validate-output.js';

export { validateOutput, type FinishedOutput };

/**
 * Throws, listing every violation, unless `output` is valid for `format`. In a vitest test the thrown
 * error fails the test with the list as its message.
 */
export function expectValidOutput(format: WireFormat, output: FinishedOutput): void {
  const violations = validateOutput(format, output);
  if (violations.length === 0) return;
  const list = violations.map((violation) => `  - ${violation.rule}: ${violation.detail}`).join('\n');
  throw new Error(`${format} ${output.stream ? 'stream' : 'body'} has ${violations.length} violation(s):\n${list}`);
}
