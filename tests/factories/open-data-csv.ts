// A strict RFC 4180 reader for checking the CSV downloads: quoted fields, doubled quotes, line breaks
// inside quotes; a leading byte-order mark is required, as the portal always writes one.
export function parseCsv(text: string): string[][] {
  if (!text.startsWith("\uFEFF")) throw new Error("CSV does not start with a UTF-8 byte-order mark");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      rows.push([...row, field]);
      row = [];
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") continue;
    else field += c;
  }
  if (quoted) throw new Error("CSV ends inside a quoted field");
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, n) => {
    if (r.length !== width) throw new Error(`CSV row ${n} has ${r.length} fields, the header ${width}`);
  });
  return rows;
}

/** The CSV as objects keyed by its header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]!])));
}
