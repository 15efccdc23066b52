import type { JsonObject } from './json.js';
import type { WireFormat } from './wire-format.js';

/**
 * Where a part, block or message came from on the wire. The encoder of the same format uses it to stay
 * lossless: `raw` (the exact bytes of the event) is re-emitted when nothing changed; `data` (the parsed
 * event or block) is patched when something did, so fields we do not model survive.
 */
export interface Origin {
  readonly format: WireFormat;
  readonly data: JsonObject;
  /** Exact wire text of the event; present only while the part is unmodified. */
  readonly raw?: string;
}
