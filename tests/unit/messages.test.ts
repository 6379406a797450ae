import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { LOCALE_INFO, LOCALES } from "@/i18n/locales";

// Every translated catalogue against its English original: no key a page would look up in vain, no stray
// key, the same {placeholders}, and every string a valid ICU message in its language.

const dir = path.resolve(import.meta.dirname, "../../src/i18n/messages");
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

/** The argument names a message reads, from its parsed form (select and plural branches included). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type !== TYPE.literal && element.type !== TYPE.pound && "value" in element) names.add(String(element.value));
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
      if ("children" in element) walk(element.children);
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return [...names].sort();
}

/** Catalogue files: "en.json" and "<area>.en.json" (also under admin/), with their translations. */
function catalogues(): { area: string; file: (locale: string) => string }[] {
  const found: { area: string; file: (locale: string) => string }[] = [{ area: "main", file: (l) => path.join(dir, `${l}.json`) }];
  for (const sub of ["", "admin"]) {
    for (const name of readdirSync(path.join(dir, sub))) {
      const match = /^(.+)\.en\.json$/.exec(name);
      if (match) found.push({ area: path.join(sub, match[1]!), file: (l) => path.join(dir, sub, `${match[1]}.${l}.json`) });
    }
  }
  return found;
}

const read = (file: string): Tree | undefined => {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Tree;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
};

describe("message catalogues", () => {
  const areas = catalogues();

  it("have English and Chinese for every area, and all six languages for the public interface", () => {
    for (const { area, file } of areas) expect(read(file("zh")), `${area}.zh`).toBeDefined();
    for (const locale of LOCALES) expect(read(path.join(dir, `${locale}.json`)), locale).toBeDefined();
  });

  for (const { area, file } of areas) {
    const english = flatten(read(file("en"))!);
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const tree = read(file(locale));
      if (!tree) continue; // an area not yet translated falls back to English (src/i18n/request.ts)
      it(`${area} in ${locale} has exactly the English keys and placeholders, as valid ICU messages`, () => {
        const translated = flatten(tree);
        expect([...translated.keys()].filter((k) => !english.has(k)), "keys English does not have").toEqual([]);
        expect([...english.keys()].filter((k) => !translated.has(k)), "keys missing").toEqual([]);
        for (const [key, message] of translated) {
          expect(placeholders(message), `${key}`).toEqual(placeholders(english.get(key)!));
          expect(() => new IntlMessageFormat(message, LOCALE_INFO[locale].intl), `${key}`).not.toThrow();
        }
      });
    }
  }
});
