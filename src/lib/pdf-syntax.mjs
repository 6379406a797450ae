// What a PDF file is made of, read byte by byte as a viewer reads it, to find what a viewer would act on.
// Plain JavaScript with no imports, so that Node runs it as it is inside a worker thread (the upload check), the
// unit tests import it directly and a browser could too; inflating is passed in. Every step is linear in the
// file's size: each byte is looked at a bounded number of times, whatever the file is made of.

/** Names through which a PDF runs code, starts programs, sends data or carries other files. */
export const ACTIVE_PDF_NAMES = new Set(["JS", "JavaScript", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "SubmitForm", "ImportData", "GoToE"]);

// Object and cross-reference streams hold dictionaries and offsets only: this is far beyond what a real
// document needs, and keeps the cost of a flate bomb to a fraction of a second.
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
// What each inflated stream costs at least, so a file of many tiny compressed streams stays as cheap as a big one.
const MIN_INFLATE_COST = 2048;
// Deeper nesting than this is no document, only a way to exhaust a reader.
export const MAX_NESTING = 256;
// Containers down to this depth (an object's own dictionary and what it directly holds) are kept to be read.
const KEPT_DEPTH = 2;
// Entries kept per container; a longer one is read through but marked, and refused where its entries matter.
const MAX_KEPT = 4096;
// Object streams whose numbers a cross-reference stream names before they are read.
const MAX_PENDING_OBJECT_STREAMS = 65536;
// Names are compared to ACTIVE_PDF_NAMES and dictionary keys; longer ones are neither.
const NAME_KEPT = 32;

// Readers look for the header within the first 1024 bytes and the last %%EOF within the last 1024.
const MARKER_WINDOW = 1024;
// A ZIP reader finds the archive from its end record, at most 22 bytes plus a 65,535-byte comment from the end.
const ZIP_END_WINDOW = 22 + 0xffff;
const ZIP_END_RECORD = "PK\x05\x06";
// What a browser would run or render if it ever read the file as HTML.
const HTML_MARKUP = /<(?:script|html|head|body|iframe|frame|svg|object|embed|img|meta)[\s/>]|<!doctype\s+html/i;
// Whitespace and NUL padding after %%EOF are common and harmless; anything else is another file riding along.
const PADDING = /^[\0\t\n\f\r ]*$/;

/** The bytes as a string of the same length, one character per byte, for searching ASCII markers. */
export const byteString = (bytes) => new TextDecoder("latin1").decode(bytes);

/**
 * Whether the bytes are a PDF and nothing else, judged by content (the name is not trusted): "%PDF-n" at the very
 * start, a last "%%EOF" within the last 1024 bytes followed only by padding, and no second format sharing the file
 * (bytes before the header, data after %%EOF, a ZIP end record, HTML markup).
 */
export function pdfFormatProblem(bytes, text = byteString(bytes)) {
  const header = text.indexOf("%PDF-");
  if (header > 0 && header < MARKER_WINDOW) return "fileMixedFormat";
  if (header !== 0 || !/^%PDF-\d/.test(text)) return "fileNotPdf";
  const eof = text.lastIndexOf("%%EOF");
  if (eof < 0) return "fileNotPdf";
  if (!PADDING.test(text.slice(eof + 5))) return "fileMixedFormat";
  if (text.length - eof > MARKER_WINDOW) return "fileNotPdf";
  const zipEnd = text.lastIndexOf(ZIP_END_RECORD);
  if (zipEnd >= 0 && zipEnd >= text.length - ZIP_END_WINDOW) return "fileMixedFormat";
  if (HTML_MARKUP.test(text)) return "fileMixedFormat";
  return null;
}

// Byte classes (PDF 32000-1, 7.2.2): whitespace, delimiters, and everything else "regular".
const WHITESPACE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = WHITESPACE;
for (const c of "()<>[]{}/%") CLASS[c.charCodeAt(0)] = DELIMITER;
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX["0123456789abcdef".charCodeAt(i)] = i;
  HEX["0123456789ABCDEF".charCodeAt(i)] = i;
}
// Bytes a repairing reader's pattern for "12 0 obj" takes as spaces (JavaScript's \s over single bytes, and NUL).
const LOOSE_SPACE = new Uint8Array(256);
for (const c of [0, 9, 10, 11, 12, 13, 32, 0xa0]) LOOSE_SPACE[c] = 1;
const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isWordByte = (c) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

const LF = 0x0a;
const CR = 0x0d;
// The keywords a file holds outside content streams, found by their first byte without building a string.
const KEYWORDS = ["obj", "endobj", "stream", "endstream", "R", "true", "false", "null", "xref", "trailer", "startxref", "f", "n"];
const KEYWORDS_BY_FIRST_BYTE = Array.from({ length: 256 }, (_, c) => KEYWORDS.filter((k) => k.charCodeAt(0) === c));
// Active names by first byte, compared byte by byte, so a file of a million names builds no strings to check them.
const ACTIVE_BY_FIRST_BYTE = Array.from({ length: 256 }, (_, c) => [...ACTIVE_PDF_NAMES].filter((k) => k.charCodeAt(0) === c));

/** Which of `words` the bytes from..from+length spell, or undefined. */
function spelt(words, bytes, from, length) {
  for (const word of words) {
    if (word.length !== length) continue;
    let i = 1;
    while (i < length && bytes[from + i] === word.charCodeAt(i)) i++;
    if (i === length) return word;
  }
  return undefined;
}

// Token kinds.
const EOF = 0;
const INT = 1;
const REAL = 2;
const NAME = 3;
const STRING = 4;
const DICT_OPEN = 5;
const DICT_CLOSE = 6;
const ARRAY_OPEN = 7;
const ARRAY_CLOSE = 8;
const KEYWORD = 9;

/** Ends the reading at the first problem, however deep in the nesting it is found. */
class Refusal {
  constructor(problem) {
    this.problem = problem;
  }
}
const UNREADABLE = new Refusal("filePdfUnreadable");
const ACTIVE = new Refusal("fileActiveContent");
const refuse = () => {
  throw UNREADABLE;
};

// Values kept from shallow containers: numbers as numbers, true/false/null as themselves, and these.
class PdfName {
  constructor(name) {
    this.name = name;
  }
}
class Ref {
  constructor(num, gen) {
    this.num = num;
    this.gen = gen;
  }
}
const STRING_VALUE = { kind: "string" };
const DEEP_VALUE = { kind: "deep" };
const TRUNCATED_DICT = { truncated: true, get: () => undefined, has: () => false };
const TRUNCATED_ARRAY = Object.freeze(Object.assign([], { truncated: true }));

/**
 * Splits bytes into PDF tokens. What a reader skips without interpreting (the inside of strings and comments) is
 * marked in `hidden`, so offsets that point into it, where a viewer could be sent to find an object, can be refused.
 */
class Lexer {
  constructor(bytes, hidden) {
    this.bytes = bytes;
    this.hidden = hidden;
    this.pos = 0;
    this.kind = EOF;
    this.int = 0;
    this.keyword = "";
    this.nameBytes = new Uint8Array(NAME_KEPT);
    this.nameLength = 0;
  }

  /** The last name token, decoded; null when longer than any name this reading looks at. */
  name() {
    return this.nameLength <= NAME_KEPT ? String.fromCharCode.apply(null, this.nameBytes.subarray(0, this.nameLength)) : null;
  }

  next() {
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    for (;;) {
      while (p < n && CLASS[b[p]] === WHITESPACE) p++;
      if (p >= n) {
        this.pos = p;
        return (this.kind = EOF);
      }
      if (b[p] !== 0x25) break;
      const from = ++p;
      while (p < n && b[p] !== LF && b[p] !== CR) p++;
      if (p > from) this.hidden.fill(1, from, p);
    }
    const c = b[p];
    let kind;
    if (c === 0x28) {
      p = this.literalString(p + 1);
      kind = STRING;
    } else if (c === 0x3c) {
      if (b[p + 1] === 0x3c) {
        p += 2;
        kind = DICT_OPEN;
      } else {
        p = this.hexString(p + 1);
        kind = STRING;
      }
    } else if (c === 0x3e) {
      if (b[p + 1] !== 0x3e) refuse();
      p += 2;
      kind = DICT_CLOSE;
    } else if (c === 0x5b) {
      p++;
      kind = ARRAY_OPEN;
    } else if (c === 0x5d) {
      p++;
      kind = ARRAY_CLOSE;
    } else if (c === 0x2f) {
      p = this.nameToken(p + 1);
      kind = NAME;
    } else if (CLASS[c] === DELIMITER) {
      // ")", "{" or "}" where a token should start.
      refuse();
    } else {
      const from = p;
      while (p < n && CLASS[b[p]] === 0) p++;
      kind = this.regularToken(from, p);
    }
    this.pos = p;
    return (this.kind = kind);
  }

  /** From just after "(": balanced parentheses, a backslash escaping whatever byte follows it. */
  literalString(p) {
    const b = this.bytes;
    const n = b.length;
    const from = p;
    let depth = 1;
    while (p < n) {
      const c = b[p++];
      if (c === 0x5c) p++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        if (p - 1 > from) this.hidden.fill(1, from, p - 1);
        return p;
      }
    }
    return refuse();
  }

  /** From just after "<": hexadecimal digits and whitespace up to ">". */
  hexString(p) {
    const b = this.bytes;
    const n = b.length;
    while (p < n) {
      const c = b[p++];
      if (c === 0x3e) return p;
      if (HEX[c] < 0 && CLASS[c] !== WHITESPACE) refuse();
    }
    return refuse();
  }

  /** From just after "/": regular bytes, #xx standing for the byte xx; refused when it is active. */
  nameToken(p) {
    const b = this.bytes;
    const n = b.length;
    const kept = this.nameBytes;
    let length = 0;
    while (p < n) {
      let c = b[p];
      if (CLASS[c] !== 0) break;
      if (c === 0x23) {
        // Readers disagree on a "#" not followed by two hex digits; a name that can be read two ways is refused.
        if (p + 2 >= n || HEX[b[p + 1]] < 0 || HEX[b[p + 2]] < 0) refuse();
        c = HEX[b[p + 1]] * 16 + HEX[b[p + 2]];
        p += 3;
      } else p++;
      if (length < NAME_KEPT) kept[length] = c;
      length++;
    }
    this.nameLength = length;
    if (length > 0 && length <= NAME_KEPT && spelt(ACTIVE_BY_FIRST_BYTE[kept[0]], kept, 0, length)) throw ACTIVE;
    return p;
  }

  /** A number ([+-] digits [. digits]) or one of the keywords a file may hold outside content streams. */
  regularToken(from, to) {
    const b = this.bytes;
    let p = from;
    const negative = b[p] === 0x2d;
    if (negative || b[p] === 0x2b) p++;
    let digits = 0;
    let dot = false;
    let value = 0;
    for (; p < to; p++) {
      const c = b[p];
      if (isDigit(c)) {
        digits++;
        if (!dot) value = value * 10 + (c - 0x30);
      } else if (c === 0x2e && !dot) dot = true;
      else break;
    }
    if (p === to && digits > 0) {
      if (dot) return REAL;
      this.int = negative ? -value : value;
      return INT;
    }
    const word = spelt(KEYWORDS_BY_FIRST_BYTE[b[from]], b, from, to - from);
    if (word === undefined) refuse();
    this.keyword = word;
    return KEYWORD;
  }
}

const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
const expectKeyword = (lexer, word) => {
  if (lexer.next() !== KEYWORD || lexer.keyword !== word) refuse();
};

/** One value whose first token has just been read; kept (as a number, PdfName, Map, array...) when `keep`. */
function readValue(lexer, kind, depth, keep) {
  switch (kind) {
    case INT:
      return lexer.int;
    case REAL:
      return Number.NaN;
    case NAME:
      return keep ? new PdfName(lexer.name()) : DEEP_VALUE;
    case STRING:
      return STRING_VALUE;
    case DICT_OPEN:
      return readContainer(lexer, depth, true, keep);
    case ARRAY_OPEN:
      return readContainer(lexer, depth, false, keep);
    case KEYWORD:
      if (lexer.keyword === "true") return true;
      if (lexer.keyword === "false") return false;
      if (lexer.keyword === "null") return null;
      return refuse();
    default:
      return refuse();
  }
}

// Where a dictionary is between its entries: before a key, before its value, after an integer value (which may
// begin "num gen R"), after two integers (which must end with R).
const KEY = 0;
const VALUE = 1;
const ONE_INT = 2;
const TWO_INTS = 3;

/** A dictionary or array whose opening token has just been read, up to its closing one. */
function readContainer(lexer, depth, isDict, keep) {
  if (depth > MAX_NESTING) refuse();
  const close = isDict ? DICT_CLOSE : ARRAY_CLOSE;
  const keepChildren = keep && depth < KEPT_DEPTH;
  let items = keep ? [] : null;
  let truncated = false;
  let ints = 0;
  let state = KEY;
  for (;;) {
    const kind = lexer.next();
    if (kind === close) break;
    if (kind === KEYWORD && lexer.keyword === "R") {
      if (ints < 2 || (isDict && state !== TWO_INTS)) refuse();
      ints = 0;
      state = KEY;
      if (items) {
        const gen = items.pop();
        items.push(new Ref(items.pop(), gen));
      }
      continue;
    }
    if (isDict) {
      if (state === KEY) {
        if (kind !== NAME) refuse();
        state = VALUE;
      } else if (state === VALUE) state = kind === INT ? ONE_INT : KEY;
      else if (state === ONE_INT) {
        if (kind === INT) state = TWO_INTS;
        else if (kind === NAME) state = VALUE;
        else refuse();
      } else refuse();
    }
    // Numbers and names are kept with the container; nested containers only while shallow.
    const nested = kind === DICT_OPEN || kind === ARRAY_OPEN;
    const value = readValue(lexer, kind, depth + 1, nested ? keepChildren && items !== null : items !== null);
    ints = kind === INT ? ints + 1 : 0;
    if (items) {
      if (items.length < MAX_KEPT) items.push(value);
      else {
        items = null;
        truncated = true;
      }
    }
  }
  if (isDict && state !== KEY && state !== ONE_INT) refuse();
  if (!keep) return DEEP_VALUE;
  // A container too long to keep is only good for what it does not say: it is never a Map, and is marked.
  if (truncated) return isDict ? TRUNCATED_DICT : TRUNCATED_ARRAY;
  if (!isDict) return items;
  const dict = new Map();
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i].name;
    if (key === null) continue;
    // Two values for one key are read differently by different viewers.
    if (dict.has(key)) refuse();
    dict.set(key, items[i + 1]);
  }
  return dict;
}

/** The state of one file's reading. */
class Reading {
  constructor(bytes, text, inflate) {
    this.bytes = bytes;
    this.text = text;
    this.inflate = inflate;
    this.hidden = new Uint8Array(bytes.length);
    this.lexer = new Lexer(bytes, this.hidden);
    this.budget = MAX_INFLATED_BYTES;
    // Offsets a viewer may be sent to (cross-reference entries, startxref, /Prev), checked once all is read.
    this.wanted = null;
    this.objectStreams = new Set();
    this.objectStreamsNamed = new Set();
  }

  /** The file body: objects, cross-reference tables, trailers and startxref, in any order and number. */
  readFile() {
    const lexer = this.lexer;
    let pending = 0;
    let num = 0;
    for (;;) {
      const kind = lexer.next();
      if (kind === EOF) {
        if (pending) refuse();
        return;
      }
      if (kind === INT) {
        if (pending === 2 || lexer.int < 0) refuse();
        if (pending === 0) num = lexer.int;
        pending++;
        continue;
      }
      if (kind !== KEYWORD) refuse();
      const word = lexer.keyword;
      if (word === "obj") {
        if (pending !== 2) refuse();
        pending = 0;
        this.readObject(num);
        continue;
      }
      if (pending) refuse();
      if (word === "xref") this.readXrefTable();
      else if (word === "trailer") this.readTrailer();
      else if (word === "startxref") {
        if (lexer.next() !== INT) refuse();
        this.want(lexer.int);
      } else refuse();
    }
  }

  /** From just after "num gen obj" to "endobj": one value, or a dictionary and its stream. */
  readObject(num) {
    const lexer = this.lexer;
    let values = 0;
    let last;
    let ints = 0;
    for (;;) {
      const kind = lexer.next();
      if (kind === KEYWORD) {
        const word = lexer.keyword;
        if (word === "endobj") return;
        if (word === "stream") {
          if (values !== 1 || !(last instanceof Map)) refuse();
          this.readStream(last, num);
          expectKeyword(lexer, "endobj");
          return;
        }
        if (word === "R") {
          if (ints < 2) refuse();
          ints = 0;
          values--;
          last = undefined;
          continue;
        }
      }
      last = readValue(lexer, kind, 1, true);
      values++;
      ints = kind === INT ? ints + 1 : 0;
    }
  }

  /**
   * From just after "stream": the data is skipped, by its direct /Length, or, when the length is indirect, up to the
   * end of line before the first "endstream". Either way that first "endstream" must be where the data ends, so a
   * reader that trusts /Length and one that searches for the keyword see the same data. Object streams and
   * cross-reference streams are decoded and read in turn.
   */
  readStream(dict, num) {
    if (dict.truncated) refuse();
    const b = this.bytes;
    const lexer = this.lexer;
    let p = lexer.pos;
    if (b[p] === CR && b[p + 1] === LF) p += 2;
    else if (b[p] === LF) p += 1;
    else refuse();
    const dataStart = p;
    const end = this.text.indexOf("endstream", dataStart);
    if (end < 0) refuse();
    const length = dict.get("Length");
    let dataEnd;
    if (typeof length === "number") {
      if (!isCount(length) || dataStart + length > end) refuse();
      dataEnd = dataStart + length;
      for (let q = dataEnd; q < end; q++) if (CLASS[b[q]] !== WHITESPACE) refuse();
    } else if (length instanceof Ref) {
      if (b[end - 1] === LF) dataEnd = end - (b[end - 2] === CR ? 2 : 1);
      else if (b[end - 1] === CR) dataEnd = end - 1;
      else refuse();
      // No data at all: the end of line found was the one after "stream".
      if (dataEnd < dataStart) dataEnd = dataStart;
    } else refuse();
    if (end > dataStart) this.hidden.fill(1, dataStart, end);
    lexer.pos = end + 9;
    if (lexer.pos < b.length && CLASS[b[lexer.pos]] === 0) refuse();

    const type = dict.get("Type");
    const typeName = type instanceof PdfName ? type.name : undefined;
    // A viewer reads a stream as an object stream when a cross-reference stream says so and it has /N and /First,
    // whatever its /Type; as a cross-reference stream when startxref or /Prev leads to it and it has /W.
    const objectStream = typeName === "ObjStm" || dict.has("First");
    const xrefStream = typeName === "XRef" || dict.has("W");
    if (objectStream && xrefStream) refuse();
    if (!objectStream && !xrefStream) return;
    const data = this.decode(dict, b.subarray(dataStart, dataEnd), xrefStream);
    if (objectStream) {
      readObjectStream(data, dict);
      this.objectStreams.add(num);
    } else this.readXrefStream(data, dict);
  }

  /** A stream's data as written (no filter) or inflated (FlateDecode), under the file's inflate budget. */
  decode(dict, data, predictorAllowed) {
    const filter = dict.get("Filter");
    let filters;
    if (filter === undefined || filter === null) filters = [];
    else if (filter instanceof PdfName) filters = [filter.name];
    else if (Array.isArray(filter) && !filter.truncated && filter.every((f) => f instanceof PdfName)) filters = filter.map((f) => f.name);
    else refuse();
    // Flate is what writers use for these streams; anything else we cannot vouch for.
    if (filters.length > 1 || (filters.length === 1 && filters[0] !== "FlateDecode")) refuse();
    const parms = dict.get("DecodeParms");
    let columns = 0;
    if (parms !== undefined && parms !== null) {
      if (!(parms instanceof Map) || filters.length === 0) refuse();
      const predictor = parms.get("Predictor");
      if (predictor !== undefined && predictor !== 1) {
        // PNG predictors on one-byte samples, as writers use for cross-reference streams; nothing else.
        const colors = parms.get("Colors");
        const bits = parms.get("BitsPerComponent");
        columns = parms.get("Columns") ?? 1;
        const png = typeof predictor === "number" && predictor >= 10 && predictor <= 15;
        if (!predictorAllowed || !png || (colors !== undefined && colors !== 1) || (bits !== undefined && bits !== 8)) refuse();
        if (!Number.isSafeInteger(columns) || columns < 1) refuse();
      }
    }
    if (filters.length === 0) return data;
    if (this.budget < MIN_INFLATE_COST) refuse();
    let inflated;
    try {
      inflated = this.inflate(data, this.budget);
    } catch {
      refuse();
    }
    this.budget -= Math.max(inflated.length, MIN_INFLATE_COST);
    return columns ? unpredictPng(inflated, columns) : inflated;
  }

  /** A cross-reference stream's entries: where each object is, checked like a table's. */
  readXrefStream(data, dict) {
    const widths = dict.get("W");
    if (!Array.isArray(widths) || widths.truncated || widths.length !== 3 || !widths.every((w) => isCount(w) && w <= 8)) refuse();
    const [typeWidth, offsetWidth, thirdWidth] = widths;
    const row = typeWidth + offsetWidth + thirdWidth;
    if (row === 0) refuse();
    let index = dict.get("Index");
    if (index === undefined) {
      const size = dict.get("Size");
      if (!isCount(size)) refuse();
      index = [0, size];
    } else if (!Array.isArray(index) || index.truncated || index.length % 2 !== 0 || !index.every(isCount)) refuse();
    let entries = 0;
    for (let i = 1; i < index.length; i += 2) entries += index[i];
    if (entries * row > data.length) refuse();
    for (let e = 0, at = 0; e < entries; e++, at += row) {
      const type = typeWidth ? readNumber(data, at, typeWidth) : 1;
      const field = readNumber(data, at + typeWidth, offsetWidth);
      if (type === 1) this.want(field);
      else if (type === 2 && !this.objectStreams.has(field)) {
        this.objectStreamsNamed.add(field);
        if (this.objectStreamsNamed.size > MAX_PENDING_OBJECT_STREAMS) refuse();
      }
    }
    this.wantFrom(dict);
  }

  /** From just after "xref": subsections of "first count" and their entries, then the trailer. */
  readXrefTable() {
    const lexer = this.lexer;
    for (;;) {
      const kind = lexer.next();
      if (kind === KEYWORD && lexer.keyword === "trailer") return this.readTrailer();
      if (kind !== INT || lexer.int < 0 || lexer.next() !== INT || lexer.int < 0) refuse();
      for (let count = lexer.int; count > 0; count--) {
        if (lexer.next() !== INT) refuse();
        const offset = lexer.int;
        if (lexer.next() !== INT || lexer.next() !== KEYWORD) refuse();
        if (lexer.keyword === "n") this.want(offset);
        else if (lexer.keyword !== "f") refuse();
      }
    }
  }

  readTrailer() {
    if (this.lexer.next() !== DICT_OPEN) refuse();
    const trailer = readContainer(this.lexer, 1, true, true);
    if (trailer.truncated) refuse();
    this.wantFrom(trailer);
  }

  /** The earlier cross-reference sections a trailer or cross-reference stream points to. */
  wantFrom(dict) {
    for (const key of ["Prev", "XRefStm"]) {
      const offset = dict.get(key);
      if (typeof offset === "number") this.want(offset);
    }
  }

  /** An offset a viewer may read an object or cross-reference section at: never inside a string, comment or stream. */
  want(offset) {
    // Outside the file there is nothing to read; the viewer then rebuilds its table, which the final check covers.
    if (!isCount(offset) || offset >= this.bytes.length) return;
    if (offset < this.lexer.pos) {
      if (this.hidden[offset]) refuse();
      return;
    }
    this.wanted ??= new Uint8Array(this.bytes.length);
    this.wanted[offset] = 1;
  }

  /** What can only be checked once the whole file is read. */
  finish() {
    if (this.wanted) {
      for (let i = 0; i < this.wanted.length; i++) if (this.wanted[i] && this.hidden[i]) refuse();
    }
    for (const num of this.objectStreamsNamed) if (!this.objectStreams.has(num)) refuse();
    if (hiddenObjectHeader(this.text, this.bytes, this.hidden)) refuse();
  }
}

/** A big-endian unsigned number of `width` bytes (0 reads as 0). */
function readNumber(data, at, width) {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i];
  return value;
}

/** Undoes PNG prediction (a filter-type byte, then `columns` bytes, per row); a partial last row is dropped. */
function unpredictPng(data, columns) {
  const rows = Math.floor(data.length / (columns + 1));
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (columns + 1)];
    const src = r * (columns + 1) + 1;
    const at = r * columns;
    for (let i = 0; i < columns; i++) {
      const raw = data[src + i];
      const left = i > 0 ? out[at + i - 1] : 0;
      const up = r > 0 ? out[at - columns + i] : 0;
      const upLeft = r > 0 && i > 0 ? out[at - columns + i - 1] : 0;
      let value;
      if (type === 0) value = raw;
      else if (type === 1) value = raw + left;
      else if (type === 2) value = raw + up;
      else if (type === 3) value = raw + ((left + up) >> 1);
      else if (type === 4) {
        const estimate = left + up - upLeft;
        const dl = Math.abs(estimate - left);
        const du = Math.abs(estimate - up);
        const dul = Math.abs(estimate - upLeft);
        value = raw + (dl <= du && dl <= dul ? left : du <= dul ? up : upLeft);
      } else return refuse();
      out[at + i] = value & 0xff;
    }
  }
  return out;
}

/**
 * An object stream's content: "num offset" pairs for its N objects, then the objects, which are plain values
 * (no streams, no obj/endobj). Each object's offset must land on a token, not inside a string or comment.
 */
function readObjectStream(content, dict) {
  const count = dict.get("N");
  const first = dict.get("First");
  if (!isCount(count) || !isCount(first) || first > content.length) refuse();
  const hidden = new Uint8Array(content.length);
  const lexer = new Lexer(content, hidden);
  const offsets = [];
  let ints = 0;
  for (let index = 0; ; index++) {
    const kind = lexer.next();
    if (kind === EOF) break;
    if (index < 2 * count) {
      if (kind !== INT || lexer.int < 0) refuse();
      if (index % 2 === 1) offsets.push(lexer.int);
      continue;
    }
    if (kind === KEYWORD && lexer.keyword === "R") {
      if (ints < 2) refuse();
      ints = 0;
      continue;
    }
    readValue(lexer, kind, 1, false);
    ints = kind === INT ? ints + 1 : 0;
  }
  if (offsets.length < count) refuse();
  for (const offset of offsets) {
    const at = first + offset;
    if (at >= content.length || hidden[at]) refuse();
  }
}

/**
 * Whether "num gen obj" is written inside a string, comment or stream: a viewer repairing a damaged file searches
 * the raw bytes for that pattern and would take it for an object this reading never saw.
 */
function hiddenObjectHeader(text, bytes, hidden) {
  for (let p = text.indexOf("obj"); p >= 0; p = text.indexOf("obj", p + 3)) {
    if (!hidden[p] || (p + 3 < bytes.length && isWordByte(bytes[p + 3]))) continue;
    let q = p - 1;
    while (q >= 0 && LOOSE_SPACE[bytes[q]]) q--;
    const genEnd = q;
    while (q >= 0 && isDigit(bytes[q])) q--;
    if (q === genEnd) continue;
    const spaceEnd = q;
    while (q >= 0 && LOOSE_SPACE[bytes[q]]) q--;
    if (q < spaceEnd && q >= 0 && isDigit(bytes[q])) return true;
  }
  return false;
}

/**
 * Why the PDF's syntax is refused, as an `Errors` message key, or null. Reads every token outside stream data
 * (strings with escapes and nested parentheses, hex strings, comments, names with #xx escapes, dictionaries,
 * arrays, objects, cross-reference tables and trailers) and the decoded content of object streams:
 * "fileActiveContent" at the first active name (ACTIVE_PDF_NAMES), "filePdfUnreadable" at the first thing it
 * cannot read with certainty (an unterminated string, "endstream" where no stream is, a stream without a valid
 * length, a byte where no token can start, nesting deeper than MAX_NESTING, a stream it cannot decode, a place a
 * viewer may be sent to inside a string, comment or stream).
 * `inflate(data, maxBytes)` decompresses zlib data, throwing when it is damaged or would pass maxBytes.
 */
export function pdfSyntaxProblem(bytes, inflate, text = byteString(bytes)) {
  const reading = new Reading(bytes, text, inflate);
  try {
    reading.readFile();
    reading.finish();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.problem;
    throw error;
  }
}
