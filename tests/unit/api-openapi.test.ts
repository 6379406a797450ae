import { describe, expect, it } from "vitest";
import { institutionListQuerySchema, paginationQuerySchema, projectListQuerySchema } from "@/lib/validation/api";
import { API_PATHS, createOpenApiDocument } from "@/server/api/openapi";

const document = createOpenApiDocument();
const expectedPaths = [
  "/api/v1/missions",
  "/api/v1/missions/{slug}",
  "/api/v1/opportunities",
  "/api/v1/opportunities/{slug}",
  "/api/v1/institutions",
  "/api/v1/projects",
  "/api/v1/openapi.json",
  "/api/health",
];

type Parameter = { in: string; name: string; required?: boolean; schema?: Record<string, unknown> };
type Operation = { parameters?: Parameter[]; responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> };

function get(path: string): Operation {
  const operation = (document.paths?.[path] as { get?: Operation } | undefined)?.get;
  if (!operation) throw new Error(`no GET ${path} in the document`);
  return operation;
}

const schemaJson = (path: string, status: string) => JSON.stringify(get(path).responses[status]?.content?.["application/json"]?.schema);

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and survives JSON serialisation", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toBeTruthy();
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("lists every public path, and only those", () => {
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([...expectedPaths].sort());
    expect(Object.values(API_PATHS).sort()).toEqual([...expectedPaths].sort());
  });

  it.each([
    ["/api/v1/missions", paginationQuerySchema],
    ["/api/v1/opportunities", paginationQuerySchema],
    ["/api/v1/institutions", institutionListQuerySchema],
    ["/api/v1/projects", projectListQuerySchema],
  ])("documents exactly the query parameters %s accepts", (path, schema) => {
    const query = (get(path).parameters ?? []).filter((p) => p.in === "query");
    expect(query.map((p) => p.name).sort()).toEqual(Object.keys(schema.shape).sort());
    expect(query.every((p) => !p.required)).toBe(true);
  });

  it("documents page and pageSize as bounded integers with defaults", () => {
    const params = get("/api/v1/projects").parameters ?? [];
    expect(params.find((p) => p.name === "page")?.schema).toMatchObject({ type: "integer", minimum: 1, default: 1 });
    expect(params.find((p) => p.name === "pageSize")?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
  });

  it("documents the filter values clients may send", () => {
    const institutionParams = get("/api/v1/institutions").parameters ?? [];
    expect(institutionParams.find((p) => p.name === "type")?.schema).toMatchObject({ enum: expect.arrayContaining(["UNIVERSITY", "AGENCY"]) });
    const projectParams = get("/api/v1/projects").parameters ?? [];
    expect(projectParams.find((p) => p.name === "kind")?.schema).toMatchObject({ enum: ["SCIENCE_INSTRUMENT", "ROBOTICS_AND_MOBILITY"] });
  });

  it.each(["/api/v1/missions/{slug}", "/api/v1/opportunities/{slug}"])("%s takes a required slug in the path", (path) => {
    expect(get(path).parameters).toEqual([expect.objectContaining({ in: "path", name: "slug", required: true })]);
  });

  it.each([
    ["/api/v1/missions", "MissionSummary"],
    ["/api/v1/missions/{slug}", "MissionDetail"],
    ["/api/v1/opportunities", "OpportunitySummary"],
    ["/api/v1/opportunities/{slug}", "OpportunityDetail"],
    ["/api/v1/institutions", "InstitutionSummary"],
    ["/api/v1/projects", "Project"],
  ])("%s answers 200 with %s items from the shared DTO schemas", (path, component) => {
    const body = schemaJson(path, "200");
    expect(body).toContain(`#/components/schemas/${component}`);
    expect(body).toContain(path.endsWith("}") ? '"data"' : "#/components/schemas/Pagination");
    expect(document.components?.schemas?.[component]).toBeDefined();
  });

  it("gives every data endpoint its 400 and 503 errors, and detail endpoints their 404, in the one error shape", () => {
    for (const path of expectedPaths.filter((p) => p.startsWith("/api/v1/") && !p.endsWith(".json"))) {
      const responses = get(path).responses;
      expect(responses["400"]).toEqual({ $ref: "#/components/responses/InvalidParameters" });
      expect(responses["503"]).toEqual({ $ref: "#/components/responses/ServiceUnavailable" });
      if (path.endsWith("{slug}")) expect(responses["404"]).toEqual({ $ref: "#/components/responses/NotFound" });
    }
    for (const name of ["InvalidParameters", "NotFound", "ServiceUnavailable"]) {
      const response = document.components?.responses?.[name] as { content?: Record<string, { schema: unknown }> } | undefined;
      expect(response?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
    }
    expect(document.components?.responses?.ServiceUnavailable).toMatchObject({ headers: { "Retry-After": expect.anything() } });
  });

  it("describes the error shape: code and message required, issues optional", () => {
    const error = document.components?.schemas?.Error as {
      properties: { error: { properties: Record<string, unknown>; required: string[] } };
    };
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(["code", "issues", "message"]);
    expect(error.properties.error.required.sort()).toEqual(["code", "message"]);
    expect(JSON.stringify(error.properties.error.properties.code)).toContain("service_unavailable");
  });

  it("documents the health check's up and down answers", () => {
    expect(schemaJson("/api/health", "200")).toContain("#/components/schemas/Health");
    expect(schemaJson("/api/health", "503")).toContain("#/components/schemas/Health");
  });
});
