import { describe, expect, it } from "vitest";
import { formDataToObject } from "@/lib/form-state";
import { factsSchema } from "@/lib/validation/admin/content";

// Form data from anyone reaches formDataToObject before any schema: these names came from the property tests.

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};

describe("formDataToObject with hostile field names", () => {
  it("keeps __proto__ and constructor rows as fields, leaving Object.prototype alone", () => {
    const object = formDataToObject(formOf([["__proto__.0.polluted", "yes"], ["constructor.0.polluted", "yes"], ["__proto__", "x"]]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>)[0]).toBeUndefined();
    expect(Object.keys(object).sort()).toEqual(["__proto__", "constructor"]);
  });

  it("ignores a row index beyond 999 instead of making a list of four billion holes", () => {
    const object = formDataToObject(formOf([["facts.4294967294.textEn", "x"], ["participants.100000000.name", "y"]]));
    expect(object.facts).toBeUndefined();
    expect(object.participants).toBeUndefined();
    expect(factsSchema.parse(object)).toEqual({ facts: [] });
  });

  it("lets a list win over a plain field of the same name, in either order, without throwing", () => {
    expect(formDataToObject(formOf([["participants", "x"], ["participants.0.name", "Ada"]])).participants).toEqual([{ name: "Ada" }]);
    expect(formDataToObject(formOf([["objectives", "GEOLOGY"], ["objectives.0.x", "y"]]), ["objectives"]).objectives).toEqual([{ x: "y" }]);
  });

  it("drops U+0000, which PostgreSQL text cannot hold, from every value", () => {
    const object = formDataToObject(formOf([["agreementId", "a\u0000b"], ["facts.0.textEn", "x\u0000y"], ["objectives", "\u0000GEOLOGY"]]), ["objectives"]);
    expect(object.agreementId).toBe("ab");
    expect(object.facts).toEqual([{ textEn: "xy" }]);
    expect(object.objectives).toEqual(["GEOLOGY"]);
  });
});

