// Draws the applicant's receipt, an A4 PDF, from text already put in their language (src/server/receipt.ts).
// Plain JavaScript, so that Node runs it as it is in the receipt's worker thread (receipt.worker.mjs).
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PageSizes, PDFDocument, PDFString, rgb } from "pdf-lib";

// Noto Sans first: Noto Sans SC lacks much of Latin Extended (ł, ő, ș...); Noto Sans SC then covers Chinese.
// Read from node_modules at run time, from the project root the app runs in; turbopackIgnore keeps the bundler from tracing it.
const FONT_FILES = [
  "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
];

const align4 = (n) => (n + 3) & ~3;

/** The OpenType table checksum: the sum of the big-endian 32-bit words, the last one padded with zeros. */
function tableChecksum(bytes) {
  const padded = new Uint8Array(align4(bytes.length));
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/**
 * The same TrueType font with every glyph padded to a multiple of four bytes and a long loca table.
 * @pdf-lib/fontkit's subsetter copies glyphs as they are but writes offsets halved (short loca) for a small subset,
 * so one odd-length glyph, common in Google's Noto builds, shifts every glyph after it and they render blank.
 */
function padGlyphs(font) {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = Array.from({ length: view.getUint16(4) }, (_, i) => {
    const record = 12 + i * 16;
    return { tag: String.fromCharCode(...font.subarray(record, record + 4)), offset: view.getUint32(record + 8), length: view.getUint32(record + 12) };
  });
  const table = (tag) => {
    const found = tables.find((t) => t.tag === tag);
    if (!found) throw new Error(`The receipt font has no ${tag} table: it must be a TrueType (glyf) font`);
    return found;
  };
  const [head, loca, glyf, maxp] = [table("head"), table("loca"), table("glyf"), table("maxp")];
  const glyphCount = view.getUint16(maxp.offset + 4);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const glyphStart = (i) => glyf.offset + (longLoca ? view.getUint32(loca.offset + i * 4) : view.getUint16(loca.offset + i * 2) * 2);

  let glyfLength = 0;
  for (let i = 0; i < glyphCount; i++) glyfLength += align4(glyphStart(i + 1) - glyphStart(i));
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array((glyphCount + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  let at = 0;
  for (let i = 0; i < glyphCount; i++) {
    locaView.setUint32(i * 4, at);
    newGlyf.set(font.subarray(glyphStart(i), glyphStart(i + 1)), at);
    at += align4(glyphStart(i + 1) - glyphStart(i));
  }
  locaView.setUint32(glyphCount * 4, at);
  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, recomputed below over the whole font
  headView.setInt16(50, 1); // indexToLocFormat: long

  const contents = tables.map((t) =>
    t === glyf ? newGlyf : t === loca ? newLoca : t === head ? newHead : font.subarray(t.offset, t.offset + t.length),
  );
  let end = 12 + tables.length * 16;
  const offsets = contents.map((content) => {
    const offset = end;
    end += align4(content.length);
    return offset;
  });
  const out = new Uint8Array(end);
  const outView = new DataView(out.buffer);
  out.set(font.subarray(0, 12));
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    out.set(font.subarray(record, record + 4), record);
    outView.setUint32(record + 4, tableChecksum(contents[i]));
    outView.setUint32(record + 8, offsets[i]);
    outView.setUint32(record + 12, contents[i].length);
    out.set(contents[i], offsets[i]);
  });
  outView.setUint32(offsets[tables.indexOf(head)] + 8, (0xb1b0afba - tableChecksum(out)) >>> 0);
  return out;
}

let fontFaces;

function loadFontFaces() {
  fontFaces ??= Promise.all(
    FONT_FILES.map(async (file) => {
      const bytes = padGlyphs(new Uint8Array(await readFile(path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", file))));
      return { bytes, face: fontkit.create(bytes) };
    }),
  ).catch((error) => {
    fontFaces = undefined;
    throw error;
  });
  return fontFaces;
}

const PAGE_WIDTH = PageSizes.A4[0];
const PAGE_HEIGHT = PageSizes.A4[1];
const MARGIN = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const LABEL_WIDTH = 130;
const FOOTER_SPACE = 28;
const LINE_HEIGHT = 1.45;

const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.28, 0.33, 0.41);
const LINK = rgb(0.11, 0.31, 0.85);
const RULE = rgb(0.8, 0.84, 0.88);

const FALLBACK_CHARACTER = "?";
// Where a line may break besides spaces: after URL separators and hyphens, and around Chinese, Japanese and Korean characters.
const BREAK_AFTER = /[/\-?&=_.,;:，。、；：]/u;
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Lays text out top to bottom over as many A4 pages as it needs, picking for each character a font that has it. */
class ReceiptWriter {
  widths = new Map();

  constructor(doc, faces, fonts) {
    this.doc = doc;
    this.faces = faces;
    this.fonts = fonts;
    this.page = doc.addPage(PageSizes.A4);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  /** One line of text: whitespace made spaces, invisible controls dropped, characters no font has made "?". */
  clean(text) {
    let result = "";
    for (const ch of text.normalize("NFC").replace(/\s+/gu, " ")) {
      if (/\p{C}/u.test(ch)) continue;
      result += this.fontIndexFor(ch) === -1 ? FALLBACK_CHARACTER : ch;
    }
    return result.trim();
  }

  fontIndexFor(ch) {
    const codePoint = ch.codePointAt(0);
    return this.faces.findIndex((f) => f.face.hasGlyphForCodePoint(codePoint));
  }

  charWidth(ch, size) {
    let width = this.widths.get(ch);
    if (width === undefined) {
      const { face } = this.faces[Math.max(0, this.fontIndexFor(ch))];
      width = face.glyphForCodePoint(ch.codePointAt(0)).advanceWidth / face.unitsPerEm;
      this.widths.set(ch, width);
    }
    return width * size;
  }

  width(text, size) {
    let total = 0;
    for (const ch of text) total += this.charWidth(ch, size);
    return total;
  }

  /** Breaks cleaned text into lines no wider than maxWidth, at spaces where it can and anywhere when it must. */
  wrap(text, size, maxWidth) {
    const lines = [];
    let line = "";
    let lineWidth = 0;
    let breakAt = -1; // length of `line` after its last break opportunity
    for (const ch of text) {
      const chWidth = this.charWidth(ch, size);
      while (line !== "" && lineWidth + chWidth > maxWidth) {
        const cut = breakAt > 0 && breakAt < line.length ? breakAt : line.length;
        lines.push(line.slice(0, cut).trimEnd());
        line = line.slice(cut).trimStart();
        lineWidth = this.width(line, size);
        breakAt = -1;
      }
      if (line === "" && ch === " ") continue;
      if (WIDE.test(ch)) breakAt = line.length;
      line += ch;
      lineWidth += chWidth;
      if (ch === " " || WIDE.test(ch) || BREAK_AFTER.test(ch)) breakAt = line.length;
    }
    if (line.trim() !== "") lines.push(line.trimEnd());
    return lines;
  }

  /** Draws one line of cleaned text at a baseline, switching fonts wherever the script needs another. */
  drawLine(text, x, baseline, { size, color = INK }) {
    let runStart = x;
    let run = "";
    let runFont = -1;
    const flush = () => {
      if (!run) return;
      this.page.drawText(run, { x: runStart, y: baseline, size, font: this.fonts[runFont], color });
      runStart += this.width(run, size);
      run = "";
    };
    for (const ch of text) {
      const index = this.fontIndexFor(ch);
      // A space stays in the current run when that font has one, so runs do not split at every word.
      const keep = ch === " " && runFont !== -1 && this.faces[runFont].face.hasGlyphForCodePoint(32);
      if (!keep && index !== runFont) {
        flush();
        runFont = index;
      }
      run += ch;
    }
    flush();
    return runStart - x;
  }

  /** Starts a new page when fewer than `height` points are left above the footer. */
  makeRoom(height) {
    if (this.y - height >= MARGIN + FOOTER_SPACE) return;
    this.page = this.doc.addPage(PageSizes.A4);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  space(points) {
    this.y -= points;
  }

  /** A paragraph, wrapped; returns each drawn line's box, for links. */
  paragraph(text, style, x = MARGIN, maxWidth = CONTENT_WIDTH) {
    const boxes = [];
    const lineHeight = style.size * LINE_HEIGHT;
    for (const line of this.wrap(this.clean(text), style.size, maxWidth)) {
      this.makeRoom(lineHeight);
      const baseline = this.y - style.size;
      const width = this.drawLine(line, x, baseline, style);
      boxes.push({ page: this.page, box: [x, baseline - style.size * 0.25, x + width, baseline + style.size * 0.9] });
      this.y -= lineHeight;
    }
    return boxes;
  }

  /** A label beside its value, the value wrapped in its own column. */
  row(label, value) {
    const size = 11;
    const lineHeight = size * LINE_HEIGHT;
    const labelLines = this.wrap(this.clean(label), 9.5, LABEL_WIDTH - 12);
    const valueLines = this.wrap(this.clean(value), size, CONTENT_WIDTH - LABEL_WIDTH);
    const count = Math.max(labelLines.length, valueLines.length, 1);
    for (let i = 0; i < count; i++) {
      this.makeRoom(lineHeight);
      const baseline = this.y - size;
      if (labelLines[i]) this.drawLine(labelLines[i], MARGIN, baseline, { size: 9.5, color: MUTED });
      if (valueLines[i]) this.drawLine(valueLines[i], MARGIN + LABEL_WIDTH, baseline, { size });
      this.y -= lineHeight;
    }
    this.y -= 4;
  }

  rule() {
    this.makeRoom(12);
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE_WIDTH - MARGIN, y: this.y }, thickness: 0.75, color: RULE });
    this.y -= 12;
  }

  /** Makes each box open the URL when clicked. */
  link(boxes, url) {
    for (const { page, box } of boxes) {
      const annotation = this.doc.context.obj({
        Type: "Annot",
        Subtype: "Link",
        Rect: box,
        Border: [0, 0, 0],
        A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
      });
      page.node.addAnnot(this.doc.context.register(annotation));
    }
  }

  /** The reference and page number at the foot of every page. */
  footers(reference, pageLabel) {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const previous = this.page;
      this.page = page;
      const text = this.clean(`${reference} · ${pageLabel(i + 1, pages.length)}`);
      this.drawLine(text, MARGIN, MARGIN - 8, { size: 8, color: MUTED });
      this.page = previous;
    });
  }
}

/** The URL in its ASCII form when it is a web address, which is all a PDF link may hold; otherwise null. */
function webHref(url) {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
}

/** The receipt as PDF bytes, laid out over as many pages as it needs, readable in any script the fonts cover. */
export async function renderReceiptLayout(layout) {
  const faces = await loadFontFaces();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Subset: only the glyphs used are embedded, so a receipt stays tens of kilobytes rather than megabytes.
  const fonts = await Promise.all(faces.map((f) => doc.embedFont(f.bytes, { subset: true })));

  doc.setTitle(`${layout.title} ${layout.reference.value}`);
  doc.setLanguage(layout.language);
  doc.setCreator("Space Cooperation Portal");
  doc.setProducer("Space Cooperation Portal");
  // Dated by the submission, not by whenever the receipt is rendered again.
  doc.setCreationDate(layout.date);
  doc.setModificationDate(layout.date);

  const writer = new ReceiptWriter(doc, faces, fonts);
  writer.paragraph(layout.title, { size: 18 });
  writer.space(6);
  writer.rule();

  writer.paragraph(layout.reference.label, { size: 9.5, color: MUTED });
  writer.paragraph(layout.reference.value, { size: 28 });
  writer.space(4);
  writer.paragraph(layout.submitted.label, { size: 9.5, color: MUTED });
  writer.paragraph(layout.submitted.value, { size: 12 });
  writer.space(14);

  writer.paragraph(layout.answers.heading, { size: 13 });
  writer.space(4);
  for (const [label, value] of layout.answers.rows) writer.row(label, value);
  writer.space(10);

  writer.paragraph(layout.attachments.heading, { size: 13 });
  writer.space(4);
  if (layout.attachments.names.length === 0) writer.paragraph(layout.attachments.none, { size: 11 });
  for (const name of layout.attachments.names) writer.paragraph(`•  ${name}`, { size: 11 });
  writer.space(14);

  writer.paragraph(layout.status.heading, { size: 13 });
  writer.space(4);
  writer.paragraph(layout.status.text, { size: 11 });
  writer.space(2);
  const linkBoxes = writer.paragraph(layout.status.url, { size: 11, color: LINK });
  const href = webHref(layout.status.url);
  if (href) writer.link(linkBoxes, href);
  writer.space(14);
  writer.rule();
  writer.paragraph(layout.keep, { size: 9.5, color: MUTED });

  writer.footers(layout.reference.value, (n, total) => layout.pageLabel.replace("{n}", String(n)).replace("{total}", String(total)));
  return doc.save();
}
