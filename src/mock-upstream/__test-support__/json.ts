/** A parsed JSON object as the tests read it: fields are checked by assertion, not by type. */
export type Json = Record<string, unknown>;
