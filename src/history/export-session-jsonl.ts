import { streamTurns, type CallSource } from './reconstruct-turns.js';

/**
 * A session as JSON Lines: one line per turn, in order, written as the turns are rebuilt so a session
 * of any size never sits whole in memory. Each line is a `Turn` (see turn.ts, which documents every
 * field); the fields are always present, `null` when empty:
 *
 * `index`, `thread` ({`id`, `kind`: main|side} or null), `continues`, `branch`, `callIds`, `at` (ms
 * since the epoch), `format`, `model`, `system`, `input` ([{`role`, `blocks`}]), `toolResultsFor`, `output` (blocks; a
 * `tool-call` has `id`, `name`, `input`, `result`), `upstreamOutput`, `outputChangedByPolicy`,
 * `requestChangedByPolicy`, `interventions` ([{`callId`, `policy`, `type`, `summary`}]), `outcome`,
 * `status`, `stopReason`, `error` ({`code`, `message`}), `usage` (token counts, each present when known),
 * `attempts` ([{`callId`, `at`, `outcome`, `status`, `error`}]).
 *
 * Blocks: `text` {text}, `thinking` {thinking}, `redacted-thinking`, `image` {mediaType, sourceType,
 * bytes}, `document` {mediaType, sourceType, title, bytes}, `tool-call`, `tool-result` {toolCallId,
 * toolName, isError, content}, `server-tool` {id, name}, `other` {kind}. Media data is never included.
 */
export async function* exportSessionJsonl(calls: CallSource): AsyncGenerator<string> {
  for await (const turn of streamTurns(calls)) yield `${JSON.stringify(turn)}\n`;
}
