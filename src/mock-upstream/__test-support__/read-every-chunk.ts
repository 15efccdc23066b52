import { bodyReader } from './body-reader.js';

/** Every read of the body, kept apart, for tests about how the bytes were cut across writes. */
export async function readEveryChunk(response: Response): Promise<Uint8Array[]> {
  const reader = bodyReader(response);
  const reads: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads.push(value);
  }
  return reads;
}
