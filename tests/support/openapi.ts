import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// OpenAPI documents checked as a client would: against the OpenAPI 3.1 specification's own JSON Schema, and their
// schemas used as JSON Schema 2020-12 to tell which bodies a client generated from them would send.

/** What makes the document not OpenAPI 3.1 (where, and why), or nothing. */
export async function openApiProblems(document: object): Promise<string[]> {
  const result = await new Validator().validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>);
  if (result.valid) return [];
  return typeof result.errors === "string" ? [result.errors] : (result.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Whether a body matches one of the document's component schemas, formats (email, uuid, date) included. */
export function componentValidator(document: { components?: { schemas?: Record<string, unknown> } }, name: string): (body: unknown) => boolean {
  // The components become the $defs of one schema, and their references follow them there.
  const schemas = JSON.stringify(document.components?.schemas ?? {}).replaceAll('"#/components/schemas/', '"https://portal.test/components#/$defs/');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "https://portal.test/components", $defs: JSON.parse(schemas) as Record<string, unknown> });
  const validate = ajv.compile({ $ref: `https://portal.test/components#/$defs/${name}` });
  return (body) => validate(JSON.parse(JSON.stringify(body)));
}
