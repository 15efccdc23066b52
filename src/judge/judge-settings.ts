import { z } from 'zod';

/**
 * Where and how a judge policy asks its model, as its configuration says (the `judge:` block shared
 * by `tool-call-judge` and `rule-judge`). Keys are never written in a configuration file: they come
 * from an environment variable it names, a backend's server key, or the judged call's own credential.
 */
export const judgeSettingsSchema = z
  .strictObject({
    model: z.string().min(1).describe('The judge model, e.g. `claude-haiku-4-5` or `gpt-4.1-mini` or a local model name.'),
    backend: z
      .string()
      .min(1)
      .optional()
      .describe('A backend of the routing configuration to send judge calls to (e.g. `anthropic`, `openai`, or one you named). Default: the backend serving the judged call.'),
    base_url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Any Anthropic or OpenAI-compatible server instead of a backend, e.g. `http://127.0.0.1:11434/v1` for a local model. Needs `api`.'),
    api: z.enum(['anthropic', 'openai']).optional().describe('The API `base_url` speaks: `anthropic` (Messages) or `openai` (Chat Completions).'),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional()
      .describe('Name of the environment variable holding the judge key (the key itself never goes in the configuration).'),
    credential: z
      .enum(['request', 'server', 'none'])
      .default('request')
      .describe(
        'Without `api_key_env`: `request` bills the judge to the judged call’s own upstream credential (when the judge uses that call’s backend), `server` uses the backend’s server key, `none` sends no key (local models).',
      ),
    timeout_ms: z.int().positive().max(600_000).default(15_000).describe('Longest wait for one judge answer.'),
    max_retries: z.int().min(0).max(5).default(1).describe('Retries after a timeout, a 429 or 5xx, an unreachable judge or an answer that is not a verdict.'),
    retry_delay_ms: z.int().min(0).max(60_000).default(250).describe('Wait before the first retry, doubled for each further one.'),
    max_tokens: z.int().positive().default(512).describe('Most tokens the judge may write.'),
    temperature: z.number().min(0).max(2).default(0).describe('Sampling temperature of the judge.'),
    structured_output: z
      .enum(['json_schema', 'json_object', 'prompt'])
      .default('json_schema')
      .describe('OpenAI-compatible judges: how the verdict is asked for (`json_schema` response format, plain JSON mode, or the schema in the prompt for servers with neither). Anthropic judges always answer through a forced tool.'),
  })
  .refine((settings) => settings.base_url === undefined || settings.api !== undefined, { message: '`base_url` needs `api` (anthropic or openai)', path: ['api'] })
  .refine((settings) => settings.base_url === undefined || settings.backend === undefined, { message: 'give `backend` or `base_url`, not both', path: ['base_url'] });

export type JudgeSettings = z.output<typeof judgeSettingsSchema>;
