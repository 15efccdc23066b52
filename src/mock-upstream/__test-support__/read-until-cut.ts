import { expect } from 'vitest';
import { bodyReader } from './body-reader.js';

/** Reads a stream the server must cut: reading has to fail, and what arrived before the cut is returned. */
export async function readUntilCut(response: Response): Promise<string> {
  const reader = bodyReader(response);
  const decoder = new TextDecoder();
  let received = '';
  await expect(
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    })(),
  ).rejects.toThrow();
  return received;
}
