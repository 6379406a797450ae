/** URL-safe identifier from an English name: "INFN - Frascati National Laboratories" -> "infn-frascati-national-laboratories". */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      // Pinyin's apostrophe parts syllables (Chang'e, Xi'an): dropping it would make "change", so it parts the slug too.
      // After a one-letter word it is an elision (d'Azur), and before other letters a possessive or contraction: dropped.
      .replace(/(?<=[a-z]{2})['’](?=[aeo])/g, "-")
      .replace(/['’]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
  );
}
