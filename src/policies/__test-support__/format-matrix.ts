import type { WireFormat } from '../../core/wire-format.js';

/** The three APIs every built-in is tested on. */
export const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];

/** Each format, streaming and not: `it.each(formatMatrix)('… ($format, stream $stream)', …)`. */
export const formatMatrix: readonly { readonly format: WireFormat; readonly stream: boolean }[] = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream })));
