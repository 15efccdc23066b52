/** `bytes` cut at `offsets` (sorted, within range) into consecutive pieces. */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const offset of offsets) {
    pieces.push(bytes.subarray(from, offset));
    from = offset;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/** Every way to cut `bytes` in two, plus three-way cuts around each offset: chunk boundaries anywhere, inside UTF-8 too. */
export function* everySplit(bytes: Uint8Array): Generator<Uint8Array[]> {
  for (let cut = 0; cut <= bytes.length; cut++) {
    yield splitAt(bytes, [cut]);
    if (cut + 1 <= bytes.length) yield splitAt(bytes, [cut, cut + 1]);
  }
}
