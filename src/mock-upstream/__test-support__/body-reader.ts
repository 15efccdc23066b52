export function bodyReader(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  // Node types the fetch body loosely; it always carries bytes.
  const body = response.body as ReadableStream<Uint8Array> | null;
  if (body === null) throw new Error('response has no body');
  return body.getReader();
}
