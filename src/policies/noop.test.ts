import { describe, expect, it } from 'vitest';
import { formatMatrix } from './__test-support__/format-matrix.js';
import { runPolicy } from '../policy/testing/index.js';
import { noopPolicy } from './noop.js';

describe('noop', () => {
  it.each(formatMatrix)('passes the request and the response through unchanged ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(noopPolicy.create({}), {
      format,
      stream,
      request: 'Hello',
      response: { blocks: [{ type: 'text', text: ['Hi', ' there'] }, { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } }] },
    });
    expect(result.upstreamRequest?.modified).toBe(false);
    expect(result.unchanged).toBe(true);
    expect(result.events).toEqual([]);
    expect(result.violations).toEqual([]);
  });

  it('has no hooks and takes no options', () => {
    expect(noopPolicy.create({})).toEqual({ name: 'noop' });
    expect(noopPolicy.configSchema.safeParse({ anything: 1 }).success).toBe(false);
  });
});
