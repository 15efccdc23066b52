import type { Insertable } from 'kysely';
import type { CallRecord } from '../core/call-record.js';
import type { ColumnCodec } from './column-codec.js';
import type { PolicyEventsTable } from './database.js';
import { finiteNumber } from './finite-number.js';

/** A record's policy events as rows, `seq` keeping their order. */
export function policyEventRows(record: CallRecord, codec: ColumnCodec): Insertable<PolicyEventsTable>[] {
  return record.policyEvents.map((event, seq) => ({
    call_id: codec.text(record.callId),
    seq,
    policy: codec.text(event.policy),
    type: codec.text(event.type),
    summary: codec.optionalText(event.summary),
    data: codec.json(event.data),
    at: finiteNumber(event.at) ?? 0,
  }));
}
