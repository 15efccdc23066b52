import { jsonText } from './json-text.js';
import { escapeMarkdown, fencedBlock, inlineCode } from './markdown-text.js';
import type { Turn, TurnBlock, TurnMessage } from './turn.js';

/**
 * One turn as Markdown sections, in order, each a string ending with a blank line. Everything that came
 * from a client, a model or a tool is escaped or fenced (see markdown-text.ts); only the headings and
 * labels are ours.
 */
export function* renderTurnMarkdown(turn: Turn): Generator<string> {
  const thread = turn.thread === null ? 'unread request' : `${turn.thread.kind} thread ${turn.thread.id}`;
  yield `## Turn ${turn.index + 1} · ${thread}\n\n${facts(turn)}\n`;
  if (turn.system !== null) yield `### System prompt\n\n${turn.system.length === 0 ? '_(removed)_\n' : fencedBlock(plainText(turn.system), 'text')}\n`;
  for (const message of turn.input) yield `### ${roleTitle(message)}\n\n${blocksMarkdown(message.blocks)}`;
  if (turn.output.length > 0 || turn.upstreamOutput === null) {
    const title = turn.outputChangedByPolicy ? 'Assistant (as the client received it)' : 'Assistant';
    yield `### ${title}\n\n${turn.output.length === 0 ? '_(no answer)_\n\n' : blocksMarkdown(turn.output)}`;
  }
  if (turn.upstreamOutput !== null) yield `### Assistant (as the upstream sent it)\n\n${blocksMarkdown(turn.upstreamOutput)}`;
  if (turn.interventions.length > 0) {
    const lines = turn.interventions.map(
      (event) => `- ${inlineCode(event.policy)}: ${inlineCode(event.type)}${event.summary === null ? '' : ` — ${escapeMarkdown(event.summary)}`}`,
    );
    yield `### Interventions\n\n${lines.join('\n')}\n\n`;
  }
}

function facts(turn: Turn): string {
  const lines = [
    `- Time: ${new Date(turn.at).toISOString()}`,
    `- Model: ${turn.model === null ? '_unknown_' : inlineCode(turn.model)} (${turn.format})`,
    `- Calls: ${turn.callIds.map(inlineCode).join(', ')}`,
  ];
  if (turn.toolResultsFor.length > 0) lines.push(`- Brought the results of ${turn.toolResultsFor.map(inlineCode).join(', ')} (shown with the tool calls)`);
  if (turn.continues !== null && turn.branch) lines.push(`- Branches from the turn of call ${inlineCode(turn.continues)}`);
  for (const attempt of turn.attempts) {
    lines.push(`- Earlier attempt ${inlineCode(attempt.callId)}: ${attempt.outcome}, HTTP ${attempt.status}${attempt.error === null ? '' : `, ${errorText(attempt.error)}`}`);
  }
  const stop = turn.stopReason === null ? '' : `, stop: ${inlineCode(turn.stopReason)}`;
  lines.push(`- Outcome: ${turn.outcome}, HTTP ${turn.status}${stop}${turn.error === null ? '' : `, ${errorText(turn.error)}`}`);
  const usage = turn.usage;
  if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) lines.push(`- Tokens: ${usage.inputTokens ?? 0} in, ${usage.outputTokens ?? 0} out`);
  if (turn.requestChangedByPolicy) lines.push('- The request was changed by a policy before the upstream got it');
  if (turn.outputChangedByPolicy) lines.push('- The answer was changed by a policy before the client got it');
  return `${lines.join('\n')}\n`;
}

function errorText(error: { readonly code: string; readonly message: string }): string {
  return `${inlineCode(error.code)} ${escapeMarkdown(error.message)}`;
}

function roleTitle(message: TurnMessage): string {
  switch (message.role) {
    case 'user':
      return 'User';
    case 'assistant':
      return 'Assistant (history sent by the client)';
    case 'tool':
      return 'Tool';
    case 'system':
    case 'developer':
      return `Instructions (${message.role})`;
  }
}

/** Blocks as Markdown, each followed by a blank line. */
function blocksMarkdown(blocks: readonly TurnBlock[]): string {
  return blocks.map((block) => `${blockMarkdown(block)}\n`).join('');
}

function blockMarkdown(block: TurnBlock): string {
  switch (block.type) {
    case 'text':
      return `${escapeMarkdown(block.text)}\n`;
    case 'thinking':
      return `_Thinking:_\n\n${escapeMarkdown(block.thinking)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}\n`;
    case 'redacted-thinking':
      return '_Thinking (redacted)_\n';
    case 'image':
    case 'document':
      return `_${block.type === 'image' ? 'Image' : 'Document'}: ${mediaFacts(block)}_\n`;
    case 'tool-call': {
      const call = `**Tool call** ${inlineCode(block.name)} ${inlineCode(block.id)}\n\n${fencedBlock(toolInputText(block.input), 'json')}`;
      if (block.result === null) return call;
      return `${call}\n**Result**${block.result.isError ? ' (error)' : ''}, sent with call ${inlineCode(block.result.callId)}:\n\n${resultMarkdown(block.result.content)}`;
    }
    case 'tool-result':
      return `**Tool result**${block.isError ? ' (error)' : ''} for ${block.toolName === null ? '' : `${inlineCode(block.toolName)} `}${inlineCode(block.toolCallId)}:\n\n${resultMarkdown(block.content)}`;
    case 'server-tool':
      return `_Server tool ${inlineCode(block.name ?? 'unknown')}${block.id === null ? '' : ` ${inlineCode(block.id)}`}_\n`;
    case 'other':
      return `_Block of type ${inlineCode(block.kind ?? 'unknown')}, not shown_\n`;
  }
}

/** A tool's output: its text fenced (tools print code, logs, Markdown of their own), media as metadata. */
function resultMarkdown(content: readonly TurnBlock[]): string {
  const text = plainText(content);
  const media = content.filter((block) => block.type === 'image' || block.type === 'document').map((block) => `\n${blockMarkdown(block)}`);
  return `${fencedBlock(text, 'text')}${media.join('')}`;
}

function mediaFacts(block: Extract<TurnBlock, { type: 'image' | 'document' }>): string {
  const parts = [block.mediaType ?? 'unknown type', block.sourceType];
  if (block.bytes !== null) parts.push(`${block.bytes} bytes`);
  if (block.type === 'document' && block.title !== null) parts.push(`“${block.title}”`);
  return escapeMarkdown(parts.join(', '));
}

/** The text of blocks, for a fence: other blocks are named in brackets. */
function plainText(blocks: readonly TurnBlock[]): string {
  return blocks.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
}

function toolInputText(input: unknown): string {
  return typeof input === 'string' ? input : jsonText(input, 2);
}
