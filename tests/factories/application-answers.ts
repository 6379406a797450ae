import { randomBytes } from "node:crypto";

// Answers every step schema accepts, and file contents, for tests of the application flow and API.
// Pure data: unit tests may import it without a database.

export function uniqueEmail(prefix = "applicant"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

/** A random address per test, so rate-limit buckets are never shared between tests. */
export function uniqueIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export function leadAnswers(overrides: Record<string, unknown> = {}) {
  return {
    institutionName: "Université Test de Lyon",
    institutionType: "UNIVERSITY",
    country: "FR",
    contactName: "Camille Martin",
    contactEmail: "camille.martin@example.org",
    participants: [{ name: "Istituto Test di Roma", country: "IT" }],
    ...overrides,
  };
}

export function payloadAnswers(overrides: Record<string, unknown> = {}) {
  return {
    payloadName: "Martian Dust Counter",
    payloadKind: "INSTRUMENT",
    carrier: "SERVICE_MODULE",
    massKg: 1.25,
    peakPowerW: 12,
    averagePowerW: 8,
    lengthMm: 200,
    widthMm: 150,
    heightMm: 100,
    dataVolumeMbPerDay: 40,
    pointingNeeds: "Nadir pointing during science passes",
    thermalNeeds: "Between -20 and +40 °C in operation",
    trl: 6,
    heritage: "Derived from a lunar dust instrument flown in 2024",
    ...overrides,
  };
}

export function scienceAnswers(overrides: Record<string, unknown> = {}) {
  return {
    objectives: ["CLIMATE_HISTORY", "GEOLOGY"],
    expectedResults: "Daily dust counts over a full Martian year, correlated with orbital imagery.",
    dataSharing: "All calibrated data shared with CNSA within six months of receipt.",
    ...overrides,
  };
}

/** The smallest content the portal accepts as a PDF: a header and an end-of-file marker. */
export function pdfBytes(size = 0): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n");
  const tail = new TextEncoder().encode("\n%%EOF\n");
  const body = new Uint8Array(Math.max(0, size - head.length - tail.length)).fill(0x20);
  const bytes = new Uint8Array(head.length + body.length + tail.length);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  bytes.set(tail, head.length + body.length);
  return bytes;
}

/** Not a PDF, whatever its name says. */
export const notPdfBytes = () => new TextEncoder().encode("PK\u0003\u0004 this is a zip file renamed to .pdf");
