import { describe, expect, it } from "vitest";
import { countryName, formatPartialDate, isKnownCountryCode, pick, pickText } from "@/lib/localize";

describe("pick", () => {
  const published = { en: "Chang'e-8", zh: "嫦娥八号" };
  const englishOnly = { en: "Middle East Technical University", zh: null };

  it("shows the Chinese text on Chinese pages", () => {
    expect(pick(published, "zh")).toEqual({ text: "嫦娥八号", lang: "zh", fallback: false });
  });

  it("falls back to English on Chinese pages, marked as English so it is read and announced as such", () => {
    expect(pick(englishOnly, "zh")).toEqual({ text: "Middle East Technical University", lang: "en", fallback: true });
  });

  it("shows English on English pages, as no fallback", () => {
    expect(pick(published, "en")).toEqual({ text: "Chang'e-8", lang: "en", fallback: false });
    expect(pick(englishOnly, "en")).toEqual({ text: "Middle East Technical University", lang: "en", fallback: false });
  });

  it("treats an empty Chinese text as missing", () => {
    expect(pick({ en: "Osaka University", zh: "" }, "zh")).toMatchObject({ text: "Osaka University", lang: "en", fallback: true });
  });

  it("pickText returns just the text", () => {
    expect(pickText(published, "zh")).toBe("嫦娥八号");
    expect(pickText(englishOnly, "zh")).toBe("Middle East Technical University");
  });
});

describe("countryName", () => {
  it("names Hong Kong as a region of China, as the agency publishes it", () => {
    expect(countryName("HK", "en")).toBe("Hong Kong, China");
    expect(countryName("HK", "zh")).toBe("中国香港");
    expect(countryName("hk", "en")).toBe("Hong Kong, China");
  });

  it("names other countries in the page's language", () => {
    expect(countryName("FR", "en")).toBe("France");
    expect(countryName("FR", "zh")).toBe("法国");
    expect(countryName("pk", "en")).toBe("Pakistan");
  });

  it("shows an unknown code as it is rather than failing", () => {
    expect(countryName("XX", "en")).toBe("XX");
  });
});

describe("formatPartialDate", () => {
  const november2023 = { date: "2023-11-01", precision: "MONTH" } as const;

  it("shows a month-precision date as month and year only", () => {
    expect(formatPartialDate(november2023, "en")).toBe("November 2023");
    expect(formatPartialDate(november2023, "zh")).toBe("2023年11月");
  });

  it("does not drift to the previous month where the server runs west of UTC", () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/Lima";
    try {
      expect(formatPartialDate({ date: "2023-12-01", precision: "MONTH" }, "en")).toBe("December 2023");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("shows day and year precision as published", () => {
    expect(formatPartialDate({ date: "2025-04-24", precision: "DAY" }, "en")).toBe("24 April 2025");
    expect(formatPartialDate({ date: "2025-04-24", precision: "DAY" }, "zh")).toBe("2025年4月24日");
    expect(formatPartialDate({ date: "2028-01-01", precision: "YEAR" }, "en")).toBe("2028");
    expect(formatPartialDate({ date: "2028-01-01", precision: "YEAR" }, "zh")).toBe("2028年");
  });
});

describe("isKnownCountryCode", () => {
  it.each(["FR", "fr", "HK", "MO", "PK", "ZA"])("accepts %s", (code) => {
    expect(isKnownCountryCode(code)).toBe(true);
  });

  it.each(["XX", "AA", "FRA", "F", "", "1A", "香港"])("rejects %j", (code) => {
    expect(isKnownCountryCode(code)).toBe(false);
  });
});
