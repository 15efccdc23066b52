/** The client- and upstream-facing API formats Luthien speaks natively. */
export type WireFormat = 'anthropic' | 'openai-chat' | 'openai-responses';
