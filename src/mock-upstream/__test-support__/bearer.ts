/** The OpenAI-style credential the tests send; any key but the reserved `invalid-key` is accepted. */
export const BEARER: Readonly<Record<string, string>> = { authorization: 'Bearer sk-test' };
