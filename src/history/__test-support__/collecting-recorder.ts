import type { IncomingHttpHeaders } from 'node:http';
import type { CallRecord } from '../../core/call-record.js';
import type { CallRecorder } from '../../pipeline/handle-model-call.js';

/** Keeps every record the gateway hands over, in the order the calls ended. */
export class CollectingRecorder implements CallRecorder {
  readonly records: CallRecord[] = [];
  keepHeaders(headers: IncomingHttpHeaders): Record<string, string> {
    const ua = headers['user-agent'];
    return typeof ua === 'string' ? { 'user-agent': ua } : {};
  }
  record(call: CallRecord): void {
    this.records.push(call);
  }
}
