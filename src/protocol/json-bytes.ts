// The bytes of a JSON text, written piece by piece into one growing buffer: what the shape
// engine's encodeJson writes an answer with, so a GetRecords of 10,000 records never exists
// as a tree of plain objects, a 14 MB string from JSON.stringify and then its UTF-8 copy
// (those three were most of a large answer's cost in a profile: issue 5, "avoiding copies
// and re-encodings of record bytes"). Every piece is exactly what JSON.stringify writes for
// the same value (ECMA-262 §25.5.2.2, JSON.stringify; test/unit/json-bytes.test.ts).

/** Printable ASCII other than '"' and '\': JSON.stringify writes such a string as it is, between quotes. */
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Pending ASCII text is copied into the buffer once it is this long: one write for many small pieces. */
const flushAtLength = 16 * 1024;

export class JsonBytes {
  private bytes: Buffer;
  private length = 0;
  /**
   * ASCII text not yet copied into bytes. Each Buffer write through Node's binding costs
   * more than a short piece of text; appended to one string (a rope, to V8) the pieces of
   * many records go in with one write.
   */
  private pending = '';

  constructor(initialBytes = 1024) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Text known to be ASCII that needs no escaping: punctuation, numbers, base64, `"Name":`. */
  ascii(text: string): void {
    this.pending += text;
    if (this.pending.length >= flushAtLength) this.flush();
  }

  /** A JSON string literal, escaped as JSON.stringify escapes it. */
  string(text: string): void {
    if (plainAscii.test(text)) this.ascii('"' + text + '"');
    else this.utf8(JSON.stringify(text));
  }

  /** A number as JSON.stringify writes it: non-finite ones are null. */
  number(value: number): void {
    this.ascii(Number.isFinite(value) ? String(value) : 'null');
  }

  /** Any JSON text, written as UTF-8. */
  utf8(text: string): void {
    this.flush();
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4).
    this.room(text.length * 3);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  /** The bytes written; the writer is not used after. */
  done(): Buffer {
    this.flush();
    return this.bytes.subarray(0, this.length);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.room(this.pending.length);
    this.length += this.bytes.write(this.pending, this.length, 'latin1');
    this.pending = '';
  }

  private room(more: number): void {
    const needed = this.length + more;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
