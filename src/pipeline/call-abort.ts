import { EventEmitter } from 'node:events';

/**
 * Aborts one call when its client goes away. It is an EventEmitter, which undici accepts as a signal
 * and which is far cheaper per request than an AbortController; the standard `AbortSignal` that
 * policies get is made only when one asks for it.
 */
export class CallAbort extends EventEmitter {
  aborted = false;
  reason: unknown;
  private controller: AbortController | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
    this.controller?.abort(reason);
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}
