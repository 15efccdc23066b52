/**
 * Per-server counters behind every generated id. Keeping them per server (not module-global) is
 * what makes a fresh mock produce byte-identical output for the same sequence of requests.
 */
export class MockCounters {
  private requests = 0;
  private messages = 0;
  private tools = 0;
  private serverTools = 0;

  nextRequestId(): string {
    this.requests += 1;
    return `req_mock_${this.requests}`;
  }

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
}
