/** The model list the mock advertises; fixed so `/v1/models` answers are byte-stable. */
export interface MockModel {
  readonly type: 'model';
  readonly id: string;
  readonly display_name: string;
  readonly created_at: string;
}

export const MOCK_MODELS: readonly MockModel[] = [
  { type: 'model', id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2025-01-01T00:00:00Z' },
  { type: 'model', id: 'claude-opus-4-6', display_name: 'Claude Opus 4.6', created_at: '2025-01-01T00:00:00Z' },
  { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-01-01T00:00:00Z' },
];

export function modelListJson(): string {
  return JSON.stringify({
    data: MOCK_MODELS,
    has_more: false,
    first_id: MOCK_MODELS[0]?.id ?? null,
    last_id: MOCK_MODELS.at(-1)?.id ?? null,
  });
}
