// Draws the applicant's receipt, an A4 PDF, from text already put in their language (src/server/receipt.ts).
// pdfkit lays the text out, wraps it and starts new pages. Plain JavaScript, so that Node runs it as it is in the
// receipt's worker thread (receipt.worker.mjs).
import { readFile } from "node:fs/promises";
import { create as parseFont } from "fontkit";
import PDFDocument from "pdfkit";
import { toBytes } from "pdfkit/output";

// Noto Sans first: Noto Sans SC lacks much of Latin Extended (ł, ș, ć...); Noto Sans SC then covers Chinese.
// They sit beside this file (fonts/, under the SIL OFL 1.1 in fonts/OFL.txt); headings are set larger, not bold.
const FONT_FILES = ["./fonts/NotoSans-Regular.ttf", "./fonts/NotoSansSC-Regular.ttf"];

let fontsLoading;

/** The fonts, parsed once per worker thread rather than per receipt: Noto Sans SC alone is 10 MB. */
function loadFonts() {
  fontsLoading ??= Promise.all(
    FONT_FILES.map(async (file) => parseFont(await readFile(new URL(file, import.meta.url)))),
  ).catch((error) => {
    fontsLoading = undefined;
    throw error;
  });
  return fontsLoading;
}

const MARGIN = 56;
const FOOTER_SPACE = 28;
const LINE_HEIGHT = 1.45;

const INK = [15, 23, 41];
const MUTED = [71, 84, 105];
const LINK = [28, 79, 217];
const RULE = [204, 214, 224];

const FALLBACK_CHARACTER = "?";

/** One line of text: whitespace made single spaces; invisible controls, lone surrogates and unassigned code points dropped. */
const oneLine = (text) =>
  text.normalize("NFC").replace(/\s+/gu, " ").replace(/\p{C}/gu, "").replace(/ {2,}/g, " ").trim();

/**
 * The text as one line in runs, each to be drawn in one font: every character in the first font that has it (one
 * neither has becomes "?"), while spaces and combining marks stay in the run they follow.
 */
function fontRuns(text, fonts) {
  const runs = [];
  for (let ch of oneLine(text)) {
    const last = runs.at(-1);
    if (last && /[\s\p{M}]/u.test(ch) && fonts[last.font].hasGlyphForCodePoint(ch.codePointAt(0))) {
      last.text += ch;
      continue;
    }
    let font = fonts.findIndex((f) => f.hasGlyphForCodePoint(ch.codePointAt(0)));
    if (font === -1) [ch, font] = [FALLBACK_CHARACTER, 0];
    if (last?.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

/** Writes receipts: text flows down the page in one column, and pdfkit starts a new page when it must. */
class ReceiptWriter {
  constructor(doc, fonts) {
    this.doc = doc;
    this.fonts = fonts;
    fonts.forEach((font, i) => doc.registerFont(`font${i}`, font));
    // Every run sits on one baseline whatever its font (their ascents differ), at the first font's ascent.
    this.ascent = fonts[0].ascent / fonts[0].unitsPerEm;
  }

  /**
   * Text at (x, y), or where the last text ended; wrapped to the column unless `lineBreak` is false. Each line is
   * LINE_HEIGHT times the size high, whichever fonts it mixes.
   */
  text(text, { size, color = INK, x = MARGIN, y, ...options }) {
    const { doc } = this;
    const runs = fontRuns(text, this.fonts);
    if (runs.length === 0) {
      doc.y += size * LINE_HEIGHT;
      return;
    }
    doc.fontSize(size).fillColor(color);
    runs.forEach((run, i) => {
      doc.font(`font${run.font}`);
      const style = {
        ...options,
        baseline: -size * this.ascent,
        lineGap: size * LINE_HEIGHT - doc.currentLineHeight(true),
        continued: i < runs.length - 1,
      };
      if (i === 0) doc.text(run.text, x, y, style);
      else doc.text(run.text, style);
    });
    doc.x = MARGIN;
  }

  /** Starts a new page unless `height` points are left, so a heading or label is not left alone at a page's foot. */
  keepRoom(height) {
    if (this.doc.y + height > this.doc.page.maxY()) this.doc.addPage();
  }

  heading(text) {
    this.keepRoom(13 * LINE_HEIGHT + 4 + 11 * LINE_HEIGHT * 2);
    this.text(text, { size: 13 });
    this.space(4);
  }

  /** A page of the form's title over its answers. */
  subheading(text) {
    this.keepRoom(12 * LINE_HEIGHT + 4 + 9.5 * LINE_HEIGHT + 11 * LINE_HEIGHT);
    this.text(text, { size: 12 });
    this.space(4);
  }

  /** A small label over its value, or over several lines of it (a list's items). */
  field(label, value, valueSize = 11) {
    const lines = Array.isArray(value) ? value : [value];
    this.keepRoom(9.5 * LINE_HEIGHT + valueSize * LINE_HEIGHT);
    this.text(label, { size: 9.5, color: MUTED });
    for (const line of lines) this.text(lines.length > 1 ? `• ${line}` : line, { size: valueSize });
  }

  rule() {
    this.keepRoom(12);
    const { doc } = this;
    doc.moveTo(MARGIN, doc.y).lineTo(doc.page.width - MARGIN, doc.y).lineWidth(0.75).strokeColor(RULE).stroke();
    this.space(12);
  }

  space(points) {
    this.doc.y += points;
  }

  /** The reference and page number at the foot of every page, below the bottom margin. */
  footers(reference, pageLabel) {
    const { doc } = this;
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      const label = pageLabel.replace("{n}", String(i + 1)).replace("{total}", String(count));
      const baseline = doc.page.height - MARGIN + 8;
      this.text(`${reference} · ${label}`, { size: 8, color: MUTED, y: baseline - 8 * this.ascent, lineBreak: false });
    }
  }
}

/** The URL in its ASCII form when it is a web address, which is all a PDF link may hold; otherwise undefined. */
function webHref(url) {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
}

/** The receipt as PDF bytes, over as many pages as it needs, readable in any script the fonts cover. */
export async function renderReceiptLayout(layout) {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    // Kept until the end, so each page's footer can say how many pages there are.
    bufferPages: true,
    // No standard font: every piece of text names one of the receipt's own.
    font: null,
    lang: layout.language,
    info: {
      Title: `${layout.title} ${layout.reference.value}`,
      Creator: "Space Cooperation Portal",
      Producer: "Space Cooperation Portal",
      // Dated by the submission, not by whenever the receipt is rendered again.
      CreationDate: layout.date,
      ModDate: layout.date,
    },
  });
  const bytes = toBytes(doc);
  const writer = new ReceiptWriter(doc, fonts);

  writer.text(layout.title, { size: 18 });
  writer.space(6);
  writer.rule();
  writer.field(layout.reference.label, layout.reference.value, 28);
  writer.space(4);
  writer.field(layout.submitted.label, layout.submitted.value, 12);
  writer.space(14);

  writer.heading(layout.answers.heading);
  for (const page of layout.answers.pages) {
    writer.subheading(page.title);
    for (const { label, lines } of page.rows) {
      writer.field(label, lines);
      writer.space(4);
    }
    writer.space(8);
  }
  writer.space(6);

  if (layout.attachments) {
    writer.heading(layout.attachments.heading);
    for (const name of layout.attachments.names) writer.text(`• ${name}`, { size: 11 });
    writer.space(14);
  }

  writer.heading(layout.status.heading);
  writer.text(layout.status.text, { size: 11 });
  writer.space(2);
  writer.text(layout.status.url, { size: 11, color: LINK, link: webHref(layout.status.url) });
  writer.space(14);
  writer.rule();
  writer.text(layout.keep, { size: 9.5, color: MUTED });

  writer.footers(layout.reference.value, layout.pageLabel);
  doc.end();
  return bytes;
}
