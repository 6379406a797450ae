import { inflateSync } from "node:zlib";

// Reads a PDF back the way a viewer does, for PDFs as pdfkit writes them (every object in the open, one after the
// other, streams Flate-compressed, text in Type0 fonts with a ToUnicode map): its pages and their sizes, the document
// information, each page's lines of text as copying or searching gives them, its links, and whether every glyph shown
// has an outline to draw. It throws on anything else rather than guess, so a test never passes on a misreading.

class Name {
  constructor(readonly name: string) {}
}
class Ref {
  constructor(readonly id: number) {}
}
type Value = number | boolean | null | string | Name | Ref | Value[] | Dict;
type Dict = Map<string, Value>;

export interface PdfPage {
  width: number;
  height: number;
  /** The page's text, line by line from the top, each line's pieces joined as they sit side by side. */
  lines: string[];
  /** The web addresses its links open, each once (a wrapped address has a link on each of its lines). */
  links: string[];
}

export interface PdfReading {
  pages: PdfPage[];
  /** The document information dictionary's text entries (Title, Creator, CreationDate...). */
  info: Record<string, string>;
  /** Each character shown whose glyph has no outline, so that it would be drawn blank. */
  blankCharacters: string[];
}

const WHITESPACE = /[\0\t\n\f\r ]/;
const DELIMITER = /[\0\t\n\f\r ()<>[\]{}/%]/;

/** PDF values from `text` (one byte per character), starting at `pos`. */
class Parser {
  constructor(
    readonly text: string,
    public pos = 0,
  ) {}

  skipSpace(): void {
    while (this.pos < this.text.length) {
      if (WHITESPACE.test(this.text[this.pos]!)) this.pos++;
      else if (this.text[this.pos] === "%") while (this.pos < this.text.length && !/[\r\n]/.test(this.text[this.pos]!)) this.pos++;
      else return;
    }
  }

  /** A keyword or number as written (obj, stream, Tf, 12.5...), or "" at a delimiter. */
  word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && !DELIMITER.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  value(): Value {
    this.skipSpace();
    const { text } = this;
    const ch = text[this.pos];
    if (text.startsWith("<<", this.pos)) {
      this.pos += 2;
      const dict: Dict = new Map();
      for (this.skipSpace(); !text.startsWith(">>", this.pos); this.skipSpace()) {
        const key = this.value();
        if (!(key instanceof Name)) throw new Error(`A dictionary key that is not a name at ${this.pos}`);
        dict.set(key.name, this.value());
      }
      this.pos += 2;
      return dict;
    }
    if (ch === "[") {
      this.pos++;
      const items: Value[] = [];
      for (this.skipSpace(); text[this.pos] !== "]"; this.skipSpace()) items.push(this.value());
      this.pos++;
      return items;
    }
    if (ch === "/") {
      this.pos++;
      return new Name(this.word().replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))));
    }
    if (ch === "(") return this.literalString();
    if (ch === "<") {
      const end = text.indexOf(">", this.pos);
      const hex = text.slice(this.pos + 1, end).replace(/\s/g, "");
      this.pos = end + 1;
      return (hex.length % 2 ? `${hex}0` : hex).replace(/../g, (pair) => String.fromCharCode(Number.parseInt(pair, 16)));
    }
    const word = this.word();
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new Error(`Unexpected "${word || text[this.pos]}" at ${this.pos}`);
    const reference = /^\s+(\d+)\s+R(?=[\s/<>[\]()%]|$)/.exec(text.slice(this.pos, this.pos + 24));
    if (!reference) return Number(word);
    this.pos += reference[0].length;
    return new Ref(Number(word));
  }

  /** A (literal string), its escapes undone, one character per byte. */
  literalString(): string {
    const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };
    let out = "";
    let depth = 0;
    for (this.pos++; ; this.pos++) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw new Error("An unterminated string");
      if (ch === "\\") {
        const next = this.text[++this.pos]!;
        const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.pos, this.pos + 3));
        if (octal) {
          out += String.fromCharCode(Number.parseInt(octal[0], 8) & 0xff);
          this.pos += octal[0].length - 1;
        } else if (next === "\r" || next === "\n") {
          if (next === "\r" && this.text[this.pos + 1] === "\n") this.pos++;
        } else out += escapes[next] ?? next;
      } else if (ch === "(" || ch === ")") {
        if (ch === ")" && depth-- === 0) {
          this.pos++;
          return out;
        }
        if (ch === "(") depth++;
        out += ch;
      } else out += ch;
    }
  }
}

/** Text from a PDF text string: UTF-16BE after its byte order mark, otherwise one byte per character. */
const textString = (bytes: string) =>
  bytes.startsWith("\xfe\xff") ? new TextDecoder("utf-16be").decode(Uint8Array.from(bytes.slice(2), (c) => c.charCodeAt(0))) : bytes;

/** Each glyph code's text in a ToUnicode CMap as pdfkit writes it: bfrange entries "<first> <last> [<UTF-16BE>...]". */
function toUnicodeMap(cmap: string): Map<number, string> {
  if (cmap.includes("beginbfchar")) throw new Error("A ToUnicode map with bfchar entries, which pdfkit does not write");
  const map = new Map<number, string>();
  const utf16 = (hex: string) => textString(`\xfe\xff${hex.replace(/\s/g, "").replace(/../g, (p) => String.fromCharCode(Number.parseInt(p, 16)))}`);
  for (const [, first, last, targets] of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    const texts = [...targets!.matchAll(/<([0-9a-f\s]+)>/gi)].map(([, hex]) => utf16(hex!));
    if (texts.length !== Number.parseInt(last!, 16) - Number.parseInt(first!, 16) + 1) throw new Error("A ToUnicode range of the wrong length");
    texts.forEach((text, i) => map.set(Number.parseInt(first!, 16) + i, text));
  }
  return map;
}

/** Which glyphs of a TrueType font have an outline: those whose glyf entry, as the loca table gives it, is not empty. */
function glyphsWithOutlines(font: Uint8Array): (glyph: number) => boolean {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, number>();
  for (let i = 0; i < view.getUint16(4); i++) {
    tables.set(String.fromCharCode(...font.subarray(12 + i * 16, 16 + i * 16)), view.getUint32(12 + i * 16 + 8));
  }
  const [head, loca, maxp] = ["head", "loca", "maxp"].map((tag) => tables.get(tag));
  if (head === undefined || loca === undefined || maxp === undefined) throw new Error("An embedded font that is not TrueType");
  const long = view.getInt16(head + 50) === 1;
  const offset = (glyph: number) => (long ? view.getUint32(loca + glyph * 4) : view.getUint16(loca + glyph * 2) * 2);
  return (glyph) => glyph < view.getUint16(maxp + 4) && offset(glyph + 1) > offset(glyph);
}

export function readPdf(bytes: Uint8Array): PdfReading {
  const text = new TextDecoder("latin1").decode(bytes);
  const objects = new Map<number, { value: Value; stream?: Uint8Array }>();
  const parser = new Parser(text, text.indexOf("\n") + 1);
  for (;;) {
    const start = parser.pos;
    const [id, generation, keyword] = [parser.word(), parser.word(), parser.word()];
    if (keyword !== "obj") {
      parser.pos = start;
      break;
    }
    const value = parser.value();
    let stream: Uint8Array | undefined;
    const next = parser.word();
    if (next === "stream") {
      if (!(value instanceof Map) || typeof value.get("Length") !== "number") throw new Error(`Object ${id} ${generation}: a stream without a direct length`);
      const dataStart = parser.pos + (text.startsWith("\r\n", parser.pos) ? 2 : 1);
      stream = bytes.subarray(dataStart, dataStart + (value.get("Length") as number));
      const filter = value.get("Filter");
      if (filter !== undefined) {
        if (!(filter instanceof Name && filter.name === "FlateDecode")) throw new Error(`Object ${id}: a stream filter other than FlateDecode`);
        stream = new Uint8Array(inflateSync(stream));
      }
      parser.pos = dataStart + (value.get("Length") as number);
      if (parser.word() !== "endstream" || parser.word() !== "endobj") throw new Error(`Object ${id}: no endstream endobj after its data`);
    } else if (next !== "endobj") throw new Error(`Object ${id}: no endobj`);
    objects.set(Number(id), { value, stream });
  }
  if (parser.word() !== "xref") throw new Error("No cross-reference table after the objects");

  const resolve = (value: Value | undefined): Value | undefined => (value instanceof Ref ? objects.get(value.id)?.value : value);
  const dict = (value: Value | undefined): Dict => {
    const resolved = resolve(value);
    if (!(resolved instanceof Map)) throw new Error("A dictionary was expected");
    return resolved;
  };
  const streamOf = (value: Value | undefined): Uint8Array => {
    const stream = value instanceof Ref ? objects.get(value.id)?.stream : undefined;
    if (!stream) throw new Error("A stream was expected");
    return stream;
  };
  const trailer = dict(new Parser(text, text.lastIndexOf("trailer") + "trailer".length).value());

  const info: Record<string, string> = {};
  for (const [key, value] of trailer.has("Info") ? dict(trailer.get("Info")) : []) {
    const resolved = resolve(value);
    if (typeof resolved === "string") info[key] = textString(resolved);
  }

  type Font = { unicode: Map<number, string>; drawn: (glyph: number) => boolean };
  const fonts = new Map<number, Font>();
  const fontOf = (ref: Value | undefined): Font => {
    if (!(ref instanceof Ref)) throw new Error("A font that is not an indirect object");
    let font = fonts.get(ref.id);
    if (!font) {
      const type0 = dict(ref);
      const descendant = dict((resolve(type0.get("DescendantFonts")) as Value[])[0]);
      if ((descendant.get("CIDToGIDMap") as Name | undefined)?.name !== "Identity") throw new Error("A font whose codes are not its glyph numbers");
      font = {
        unicode: toUnicodeMap(new TextDecoder("latin1").decode(streamOf(type0.get("ToUnicode")))),
        drawn: glyphsWithOutlines(streamOf(dict(descendant.get("FontDescriptor")).get("FontFile2"))),
      };
      fonts.set(ref.id, font);
    }
    return font;
  };

  const blankCharacters = new Set<string>();
  const pageDicts: Dict[] = [];
  const collectPages = (node: Dict) => {
    if ((node.get("Type") as Name).name === "Page") pageDicts.push(node);
    else for (const kid of resolve(node.get("Kids")) as Value[]) collectPages(dict(kid));
  };
  collectPages(dict(dict(trailer.get("Root")).get("Pages")));

  const pages = pageDicts.map((page): PdfPage => {
    const [x0, y0, x1, y1] = resolve(page.get("MediaBox")) as number[];
    const fontRefs = dict(dict(page.get("Resources")).get("Font"));
    const contents = resolve(page.get("Contents"));
    const content = (Array.isArray(contents) ? contents : [page.get("Contents")!]).map((c) => new TextDecoder("latin1").decode(streamOf(c))).join("\n");

    // Pieces of text by the baseline they sit on (the y of each Tm), top line first.
    const rows = new Map<number, string>();
    const operands: Value[] = [];
    let font: Font | undefined;
    let baseline = 0;
    const show = (codes: string) => {
      if (!font) throw new Error("Text shown before a font was chosen");
      let shown = "";
      for (let i = 0; i < codes.length; i += 2) {
        const glyph = (codes.charCodeAt(i) << 8) | codes.charCodeAt(i + 1);
        const character = font.unicode.get(glyph);
        if (character === undefined) throw new Error(`Glyph ${glyph} has no text in the font's ToUnicode map`);
        if (!font.drawn(glyph) && character.trim() !== "") blankCharacters.add(character);
        shown += character;
      }
      rows.set(baseline, (rows.get(baseline) ?? "") + shown);
    };
    const ops = new Parser(content);
    for (ops.skipSpace(); ops.pos < content.length; ops.skipSpace()) {
      const ch = content[ops.pos]!;
      if ("/[(<".includes(ch) || /[-+.\d]/.test(ch)) {
        operands.push(ops.value());
        continue;
      }
      const operator = ops.word();
      if (!operator) throw new Error(`Unexpected "${ch}" in a content stream`);
      if (operator === "Tf") font = fontOf(fontRefs.get((operands[0] as Name).name));
      if (operator === "Tm") baseline = operands[5] as number;
      if (operator === "Tj") show(operands[0] as string);
      if (operator === "TJ") for (const part of operands[0] as Value[]) if (typeof part === "string") show(part);
      operands.length = 0;
    }

    const links = ((resolve(page.get("Annots")) as Value[] | undefined) ?? [])
      .map((annotation) => dict(annotation))
      .filter((annotation) => (annotation.get("Subtype") as Name).name === "Link")
      .map((annotation) => dict(annotation.get("A")).get("URI") as string);
    const lines = [...rows].sort(([a], [b]) => b - a).map(([, line]) => line);
    return { width: x1! - x0!, height: y1! - y0!, lines, links: [...new Set(links)] };
  });
  return { pages, info, blankCharacters: [...blankCharacters] };
}

/** All of the PDF's text, its lines joined by spaces, as a search in a viewer finds it. */
export const pdfText = (reading: PdfReading): string => reading.pages.flatMap((page) => page.lines).join(" ");
