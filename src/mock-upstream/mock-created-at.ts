/**
 * The `created` / `created_at` second of every OpenAI object. Fixed, not the clock, so a fresh
 * server answers the same requests with identical bytes (2025-11-25T12:00:00Z).
 */
export const MOCK_CREATED_AT = 1764072000;
