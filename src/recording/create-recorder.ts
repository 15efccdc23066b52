import type { Config } from '../config/load-config.js';
import type { Logger } from '../observability/logger.js';
import type { RecordSink } from './record-sink.js';
import { Recorder } from './recorder.js';

type RecorderSettings = Pick<Config, 'RECORDER_QUEUE_MAX' | 'RECORDER_BATCH_SIZE' | 'RECORDER_FLUSH_MS' | 'RECORDER_WRITE_TIMEOUT_MS'>;

/** A recorder writing to `sink` with the configured bounds. */
export function createRecorder<Waiting extends { readonly callId: string }>(config: RecorderSettings, sink: RecordSink<Waiting>, logger?: Logger): Recorder<Waiting> {
  return new Recorder(sink, {
    queueMax: config.RECORDER_QUEUE_MAX,
    batchSize: config.RECORDER_BATCH_SIZE,
    flushMs: config.RECORDER_FLUSH_MS,
    writeTimeoutMs: config.RECORDER_WRITE_TIMEOUT_MS,
    ...(logger === undefined ? {} : { logger }),
  });
}
