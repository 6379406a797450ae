import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT_KIND_SLUGS, contentKind, isContentKind, PUBLISHABLE_KINDS } from "@/lib/content-kinds";
import { ALL_PERMISSIONS } from "@/lib/permissions";

// The definitions name message keys, sorts and permissions as strings: each must exist, in English and Chinese, or a
// staff list would show a raw key or fail when a column header is clicked.

const catalogue = (locale: string) => {
  const read = (file: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../src/i18n/messages", file), "utf8")) as Record<string, unknown>;
  return { ...read(`${locale}.json`), ...read(`admin/content.${locale}.json`), ...read(`admin/panel.${locale}.json`) };
};
const lookup = (messages: Record<string, unknown>, key: string): unknown =>
  key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);

describe.each(["en", "zh"])("the content kinds' labels in %s", (locale) => {
  const messages = catalogue(locale);
  it.each(CONTENT_KIND_SLUGS)("%s: every column, filter and value label is a message", (kind) => {
    const definition = contentKind(kind);
    const keys = [`Content.${kind}.title`, `Content.${kind}.intro`, `Content.${kind}.new`, `Content.${kind}.newTitle`, `Admin.nav.${kind}`];
    for (const column of definition.list.columns) {
      keys.push(`Content.${column.label}`);
      if (column.cell.type === "label" && column.cell.empty) keys.push(`${column.cell.messages}.${column.cell.empty}`);
      if (column.cell.type === "country") keys.push(`Content.${column.cell.none}`);
      if (column.cell.type === "counts") keys.push(...column.cell.fields.map((field) => `Content.${field.label}`));
    }
    for (const filter of definition.list.filters) {
      keys.push(`Content.${filter.label}`);
      for (const value of filter.values ?? []) {
        keys.push(filter.optionLabels ? `Content.${filter.optionLabels[value]}` : `${filter.messages}.${value}`);
      }
    }
    for (const key of keys) expect(typeof lookup(messages, key), key).toBe("string");
  });
});

describe("the content kind definitions", () => {
  it.each(CONTENT_KIND_SLUGS)("%s: sortable columns name declared sorts, and permissions exist", (kind) => {
    const { list, permissions } = contentKind(kind);
    for (const column of list.columns) if (column.sort) expect(Object.keys(list.sorts)).toContain(column.sort);
    expect(Object.keys(list.sorts)).toContain(list.defaultSort);
    for (const permission of [permissions.read, permissions.write, ...permissions.export]) expect(ALL_PERMISSIONS).toContain(permission);
  });

  it("recognises only declared kinds, not names every object has", () => {
    expect(CONTENT_KIND_SLUGS.every(isContentKind)).toBe(true);
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "", "Missions", "staff"]) expect(isContentKind(name), name).toBe(false);
    expect(PUBLISHABLE_KINDS).toEqual(["missions", "opportunities", "institutions", "projects", "awards"]);
  });
});
