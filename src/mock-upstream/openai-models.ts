/** A model as OpenAI lists it. */
export interface OpenAIMockModel {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
}

/** What the mock advertises to OpenAI-style clients; fixed so `/v1/models` answers are byte-stable. */
export const OPENAI_MOCK_MODELS: readonly OpenAIMockModel[] = [
  { id: 'gpt-5-codex', object: 'model', created: 1757894400, owned_by: 'system' },
  { id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system' },
  { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
];

export function openaiModelListJson(): string {
  return JSON.stringify({ object: 'list', data: OPENAI_MOCK_MODELS });
}
