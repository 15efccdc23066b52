import type { ApiFamily } from '../routing/api-family.js';
import type { UpstreamBase } from '../upstream/upstream-base.js';
import type { Credential } from '../upstream/resolve-credential.js';

/** Where a judge call goes: an Anthropic Messages API or an OpenAI-compatible Chat Completions API. */
export interface JudgeEndpoint {
  readonly api: ApiFamily;
  /** As an operator would recognise it in records: the backend's name, or the base URL's origin. */
  readonly name: string;
  readonly upstream: UpstreamBase;
  /** Sent as the API expects (`x-api-key` or `Authorization: Bearer`); none for a local model without auth. */
  readonly credential: Credential | undefined;
}
