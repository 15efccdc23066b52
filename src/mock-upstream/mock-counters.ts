/**
 * Per-server counters behind every generated id. Keeping them per server (not module-global) is
 * what makes a fresh mock produce byte-identical output for the same sequence of requests.
 */
export class MockCounters {
  private requests = 0;
  private messages = 0;
  private tools = 0;
  private serverTools = 0;
  private chatCompletions = 0;
  private responses = 0;
  private calls = 0;
  private functionCallItems = 0;
  private customToolCallItems = 0;
  private reasoningItems = 0;

  nextRequestId(): string {
    this.requests += 1;
    return `req_mock_${this.requests}`;
  }

  /** Anthropic message ids and Responses message item ids: both are `msg_…` in the real APIs. */
  nextMessageId(): string {
    this.messages += 1;
    return `msg_mock_${this.messages}`;
  }

  // Padded so tool ids have a constant length, which keeps streamed byte counts stable.
  nextToolUseId(): string {
    this.tools += 1;
    return `toolu_mock_${String(this.tools).padStart(6, '0')}`;
  }

  nextServerToolUseId(): string {
    this.serverTools += 1;
    return `srvtoolu_mock_${this.serverTools}`;
  }

  nextChatCompletionId(): string {
    this.chatCompletions += 1;
    return `chatcmpl-mock${this.chatCompletions}`;
  }

  nextResponseId(): string {
    this.responses += 1;
    return `resp_mock_${this.responses}`;
  }

  /** The id a client answers a tool call with (`tool_call_id` in chat, `call_id` in Responses). */
  nextCallId(): string {
    this.calls += 1;
    return `call_mock_${this.calls}`;
  }

  nextFunctionCallItemId(): string {
    this.functionCallItems += 1;
    return `fc_mock_${this.functionCallItems}`;
  }

  nextCustomToolCallItemId(): string {
    this.customToolCallItems += 1;
    return `ctc_mock_${this.customToolCallItems}`;
  }

  nextReasoningItemId(): string {
    this.reasoningItems += 1;
    return `rs_mock_${this.reasoningItems}`;
  }
}
