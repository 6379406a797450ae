import { describe, expect, it } from "vitest";
import { LOCALES } from "@/i18n/locales";
import { loadMessages } from "@/i18n/request";

// The catalogues load through the same module in the app and in tests, and every area reaches every language.
describe("loadMessages", () => {
  it.each(LOCALES)("merges every area's catalogue for %s, English where a string is not translated", async (locale) => {
    const messages = (await loadMessages(locale)) as Record<string, Record<string, unknown>>;
    for (const namespace of ["Site", "Content", "Admin", "Review", "Explore", "OpenData", "Mail", "Receipt"]) {
      expect(messages[namespace], `${locale}: ${namespace}`).toBeTypeOf("object");
    }
    expect(await loadMessages(locale)).toBe(messages);
  });

  it("gives Chinese mail and receipt wording in Chinese", async () => {
    const zh = (await loadMessages("zh")) as Record<string, Record<string, unknown>>;
    const en = (await loadMessages("en")) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(zh.Mail)).not.toBe(JSON.stringify(en.Mail));
    expect(JSON.stringify(zh.Receipt)).toMatch(/[\u4e00-\u9fff]/);
  });
});
