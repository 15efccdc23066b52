/** One buffer that records' bytes are copied into, end to end, and that is reused once none is lent. */
export class Slab {
  /** Bytes handed out so far, from the start. */
  used = 0;
  /** Records holding bytes of it that have not been given back. */
  lent = 0;

  constructor(
    readonly bytes: Buffer,
    /** Made for one record too large for a shared slab: never reused. */
    readonly reusable: boolean,
  ) {}
}

/**
 * A record's bytes, copied into a slab end to end: its JSON text (its row: record-row.ts), its request
 * and its response, each starting where the one before ended. Offsets, not views: a record waits long enough to outlive a young-generation collection or two,
 * and four typed-array views a record were most of what the collections copied and promoted. Valid
 * until `ByteSlabs.giveBack`. An empty request or response did not travel.
 */
export interface LentBytes {
  readonly slab: Slab;
  /** Where the record's bytes start in `slab.bytes`. */
  readonly start: number;
  readonly jsonEnd: number;
  readonly requestEnd: number;
  /** Where its response, and so its bytes, end. */
  readonly end: number;
}

/**
 * Where records waiting for the recording worker keep their bytes: copied into a few large buffers that
 * are reused, rather than each record holding buffers of its own.
 *
 * Why: at full load a record waits long enough (its batch filling, then the worker's answer) to outlive
 * two of the main thread's young-generation collections, so every buffer it holds is promoted to the
 * old generation. An old buffer's memory is given back only by a full mark-compact, and V8 starts one
 * whenever the memory held outside its heap has grown by some 64 MB: with the request's 8.5 KB a call,
 * that was a full collection every second or two (16 in a bench run, against 2 with recording off),
 * their marking on the helper threads, at the gateway's priority. Slabs that are reused do not grow
 * that memory, and the call's own buffers die young, as with recording off.
 *
 * Every `lend` must be matched by exactly one `giveBack`, once nothing will read the views again: a
 * slab is reused when none of its bytes are lent, and a view given back too early would be overwritten.
 */
export class ByteSlabs {
  private current: Slab | undefined;
  private readonly free: Slab[] = [];
  private lentRecords = 0;

  constructor(
    private readonly slabSize = 1 << 20,
    /** Unlent slabs kept for reuse; more are left to the garbage collector (after a backlog, say). */
    private readonly keepFree = 4,
  ) {}

  lend(json: string, request: Uint8Array | undefined, response: Uint8Array | undefined): LentBytes {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const most = json.length * 3 + (request?.byteLength ?? 0) + (response?.byteLength ?? 0);
    const slab = this.slabFor(most);
    const start = slab.used;
    const jsonEnd = start + slab.bytes.write(json, start, 'utf8');
    const requestEnd = copy(slab.bytes, request, jsonEnd);
    const end = copy(slab.bytes, response, requestEnd);
    slab.used = end;
    slab.lent += 1;
    this.lentRecords += 1;
    return { slab, start, jsonEnd, requestEnd, end };
  }

  giveBack(lent: LentBytes): void {
    const { slab } = lent;
    slab.lent -= 1;
    this.lentRecords -= 1;
    if (slab.lent > 0) return;
    if (slab === this.current) slab.used = 0;
    else if (slab.reusable && this.free.length < this.keepFree) {
      slab.used = 0;
      this.free.push(slab);
    }
  }

  /** Records holding bytes not yet given back. */
  get lent(): number {
    return this.lentRecords;
  }

  /** Slabs kept for reuse whatever is lent: the one being filled and the free ones (not those still lent). */
  get retained(): number {
    return this.free.length + (this.current === undefined ? 0 : 1);
  }

  private slabFor(most: number): Slab {
    // A record larger than a quarter of a slab gets one of its own, so that slabs stay mostly full.
    if (most > this.slabSize / 4) return new Slab(Buffer.allocUnsafeSlow(most), false);
    const current = this.current;
    if (current !== undefined && current.used + most <= this.slabSize) return current;
    // The one being filled is set aside, still lent (one with nothing lent is empty, and fits): `giveBack`
    // returns it to the free ones with its last record.
    const next = this.free.pop() ?? new Slab(Buffer.allocUnsafeSlow(this.slabSize), true);
    next.used = 0;
    this.current = next;
    return next;
  }
}

function copy(target: Buffer, part: Uint8Array | undefined, offset: number): number {
  if (part === undefined) return offset;
  target.set(part, offset);
  return offset + part.byteLength;
}
