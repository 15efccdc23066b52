import type { z } from 'zod';

/** One question to a judge: instructions, the case, and the shape of the verdict. */
export interface JudgeQuery<T> {
  /** The judge's instructions (its system prompt). */
  readonly system: string;
  /** The case to judge (one user message). */
  readonly user: string;
  /** The verdict's shape; its JSON Schema is sent to the model, and the answer is validated by it. */
  readonly schema: z.ZodType<T>;
  readonly maxTokens: number;
  readonly temperature: number;
}

/** How the verdict is asked for. Anthropic always uses a forced tool; this picks the OpenAI-compatible way. */
export type StructuredOutput = 'json_schema' | 'json_object' | 'prompt';
