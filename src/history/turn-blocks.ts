import type { RecordedBlock } from '../core/call-record.js';
import type { RequestBlock } from '../core/request-view.js';
import { mediaBytes } from './media-bytes.js';
import type { TurnBlock } from './turn.js';

/** A request block as history shows it: media as metadata, unknown blocks by their type name. */
export function turnBlockFromRequest(block: RequestBlock): TurnBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking };
    case 'redacted-thinking':
      return { type: 'redacted-thinking' };
    case 'image':
      return { type: 'image', mediaType: block.mediaType ?? null, sourceType: block.sourceType, bytes: mediaBytes(block.origin) };
    case 'document':
      return { type: 'document', mediaType: block.mediaType ?? null, sourceType: block.sourceType, title: block.title ?? null, bytes: mediaBytes(block.origin) };
    case 'tool-call':
      return { type: 'tool-call', id: block.id, name: block.name, input: block.input ?? null, result: null };
    case 'tool-result':
      return { type: 'tool-result', toolCallId: block.toolCallId, toolName: null, isError: block.isError, content: block.content.map(turnBlockFromRequest) };
    case 'opaque': {
      const kind = block.origin?.data.type;
      return { type: 'other', kind: typeof kind === 'string' ? kind : null };
    }
  }
}

/** A block of a recorded response. A tool input that never parsed (a cut stream) is kept as its text. */
export function turnBlockFromRecorded(block: RecordedBlock): TurnBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking };
    case 'redacted-thinking':
      return { type: 'redacted-thinking' };
    case 'tool-call':
      return { type: 'tool-call', id: block.id, name: block.name, input: block.input === undefined ? block.inputJson : block.input, result: null };
    case 'server-tool':
      return { type: 'server-tool', id: block.id ?? null, name: block.name ?? null };
    case 'opaque':
      return { type: 'other', kind: typeof block.data?.type === 'string' ? block.data.type : null };
  }
}
