// The lightweight entry: the package's default entry also loads every language's country names.
import { numericToAlpha2 } from "i18n-iso-countries/index";

/**
 * The ISO 3166-1 alpha-2 code of a world-atlas feature id (ISO 3166-1 numeric, e.g. "586" -> "PK"); null for
 * features that carry no code (Natural Earth's N. Cyprus, Somaliland, Kosovo) or an unassigned number.
 */
export function alpha2FromNumeric(id: string | number | null | undefined): string | null {
  if (id === null || id === undefined || id === "") return null;
  const text = String(id);
  if (!/^\d{1,3}$/.test(text)) return null;
  return numericToAlpha2(text.padStart(3, "0")) ?? null;
}
