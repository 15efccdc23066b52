/** Deltas sent before a scripted failure: enough for a client to have started showing output. */
export const DELTAS_BEFORE_FAILURE = 3;
