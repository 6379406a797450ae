import { describe, expect, it } from "vitest";
import { institutionListQuerySchema, paginationQuerySchema, projectListQuerySchema } from "@/lib/validation/api";
import { payloadStepSchema } from "@/lib/validation/application";
import { PAYLOAD_NUMBER_BOUNDS } from "@/lib/validation/application-api";
import { callApplicationsPath, callListQuerySchema } from "@/server/api/calls";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { API_PATHS, createCallOpenApiDocument, createOpenApiDocument } from "@/server/api/openapi";
import { payloadAnswers } from "../factories/application-answers";
import { OPEN_DATA_DOCUMENTED_PATHS } from "@/lib/validation/open-data";
import { openApiProblems } from "../support/openapi";

const document = createOpenApiDocument();
const readPaths = [
  "/api/v1/missions",
  "/api/v1/missions/{slug}",
  "/api/v1/opportunities",
  "/api/v1/opportunities/{slug}",
  "/api/v1/calls",
  "/api/v1/calls/{slug}",
  "/api/v1/institutions",
  "/api/v1/projects",
  "/api/v1/openapi.json",
  "/api/v1/calls/{slug}/openapi.json",
  "/api/health",
  "/api/health/ready",
  "/api/health/live",
];
const applicationPaths = ["/api/v1/opportunities/{slug}/applications", "/api/v1/calls/{slug}/applications"];
const writePaths = ["/api/v1/uploads", ...applicationPaths];
const expectedPaths = [...readPaths, ...writePaths];

type Parameter = { in: string; name: string; required?: boolean; schema?: Record<string, unknown> };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
};

function operation(method: "get" | "post", path: string): Operation {
  const found = (document.paths?.[path] as Partial<Record<"get" | "post", Operation>> | undefined)?.[method];
  if (!found) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
  return found;
}
const get = (path: string) => operation("get", path);
const post = (path: string) => operation("post", path);

type SchemaObject = { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: boolean };
const component = (name: string) => document.components?.schemas?.[name] as SchemaObject | undefined;
const responseComponent = (ref: string | undefined) =>
  document.components?.responses?.[ref?.replace("#/components/responses/", "") ?? ""] as
    | { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
    | undefined;

const schemaJson = (path: string, status: string) => JSON.stringify(get(path).responses[status]?.content?.["application/json"]?.schema);

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and survives JSON serialisation", async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toBeTruthy();
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(await openApiProblems(document)).toEqual([]);
  });

  it("lists every public path, and only those", () => {
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([...expectedPaths, ...OPEN_DATA_DOCUMENTED_PATHS].sort());
    expect(Object.values(API_PATHS).sort()).toEqual([...expectedPaths].sort());
  });

  it.each([
    ["/api/v1/missions", paginationQuerySchema],
    ["/api/v1/opportunities", paginationQuerySchema],
    ["/api/v1/calls", callListQuerySchema],
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
    const callParams = get("/api/v1/calls").parameters ?? [];
    expect(callParams.find((p) => p.name === "status")?.schema).toMatchObject({ enum: ["open", "upcoming", "closed", "results-published"] });
  });

  it("documents the calls' list, detail and submission as their own operations", () => {
    expect(get("/api/v1/calls")).toMatchObject({ operationId: "listCalls", tags: ["Calls"] });
    expect(get("/api/v1/calls/{slug}")).toMatchObject({ operationId: "getCall", tags: ["Calls"] });
    expect(post("/api/v1/calls/{slug}/applications")).toMatchObject({ operationId: "submitCallApplication", tags: ["Applications"] });
    expect(callApplicationsPath("practice-call")).toBe(API_PATHS.callApplications.replace("{slug}", "practice-call"));
    expect(component("CallDetail")?.required).toContain("applicationsPath");
  });

  it.each(["/api/v1/missions/{slug}", "/api/v1/opportunities/{slug}", "/api/v1/calls/{slug}", "/api/v1/calls/{slug}/openapi.json"])(
    "%s takes a required slug in the path",
    (path) => {
      expect(get(path).parameters).toEqual([expect.objectContaining({ in: "path", name: "slug", required: true })]);
    },
  );

  it("points from the submission to each call's own document, which answers 404 for a call that takes no applications", () => {
    expect(get("/api/v1/calls/{slug}/openapi.json")).toMatchObject({ operationId: "getCallOpenApiDocument", tags: ["Calls"] });
    expect(Object.keys(get("/api/v1/calls/{slug}/openapi.json").responses).sort()).toEqual(["200", "400", "404", "500", "503"]);
    expect(JSON.stringify(post("/api/v1/calls/{slug}/applications"))).toContain("/api/v1/calls/{slug}/openapi.json");
  });

  it.each([
    ["/api/v1/missions", "MissionSummary"],
    ["/api/v1/missions/{slug}", "MissionDetail"],
    ["/api/v1/opportunities", "OpportunitySummary"],
    ["/api/v1/opportunities/{slug}", "OpportunityDetail"],
    ["/api/v1/calls", "OpportunitySummary"],
    ["/api/v1/calls/{slug}", "CallDetail"],
    ["/api/v1/institutions", "InstitutionSummary"],
    ["/api/v1/projects", "Project"],
  ])("%s answers 200 with %s items from the shared DTO schemas", (path, component) => {
    const body = schemaJson(path, "200");
    expect(body).toContain(`#/components/schemas/${component}`);
    expect(body).toContain(path.endsWith("}") ? '"data"' : "#/components/schemas/Pagination");
    expect(document.components?.schemas?.[component]).toBeDefined();
  });

  it("gives every data endpoint its 400 and 503 errors, and detail endpoints their 404, in the one error shape", () => {
    for (const path of readPaths.filter((p) => p.startsWith("/api/v1/") && !p.endsWith(".json"))) {
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

  it("documents readiness (the same answers as /api/health) and liveness", () => {
    expect(schemaJson("/api/health/ready", "200")).toContain("#/components/schemas/Health");
    expect(schemaJson("/api/health/ready", "503")).toContain("#/components/schemas/Health");
    expect(schemaJson("/api/health/live", "200")).toContain("#/components/schemas/HealthLive");
  });

  describe("application endpoints", () => {
    it("documents the upload as multipart/form-data with kind and a binary file", () => {
      const upload = post("/api/v1/uploads");
      expect(upload.requestBody?.required).toBe(true);
      expect(upload.requestBody?.content["multipart/form-data"]?.schema).toEqual({ $ref: "#/components/schemas/UploadForm" });
      expect(component("UploadForm")).toMatchObject({
        required: ["kind", "file"],
        properties: { kind: { type: "string", pattern: "^[A-Z][A-Z0-9_]{0,63}$" }, file: { type: "string", format: "binary" } },
      });
      expect(JSON.stringify(upload.responses["201"]?.content?.["application/json"]?.schema)).toContain("#/components/schemas/Upload");
      expect(component("Upload")?.required?.sort()).toEqual(["fileName", "sizeBytes", "uploadId", "uploadToken"]);
      expect(Object.keys(upload.responses).sort()).toEqual(["201", "400", "429", "500", "503", "507"]);
    });

    it.each(applicationPaths)("%s takes a call's slug and a required Idempotency-Key header", (applications) => {
      const parameters = post(applications).parameters ?? [];
      expect(parameters.find((p) => p.in === "path")).toMatchObject({ name: "slug", required: true, schema: { type: "string", pattern: expect.any(String) } });
      expect(parameters.find((p) => p.in === "header")).toMatchObject({ name: "Idempotency-Key", required: true, schema: { format: "uuid" } });
    });

    it.each(applicationPaths)("%s documents the body as the form's steps plus email, locale and attachments, with no other keys", (applications) => {
      const submit = post(applications);
      expect(submit.requestBody?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/ApplicationSubmission" });
      const body = component("ApplicationSubmission")!;
      expect(body.required?.sort()).toEqual(["attachments", "email", "lead", "payload", "science"]);
      expect(Object.keys(body.properties ?? {}).sort()).toEqual(["attachments", "email", "lead", "locale", "payload", "science"]);
      expect(body.additionalProperties).toBe(false);
      expect(component("ApplicationPayload")?.required).toEqual(expect.arrayContaining(["carrier", "massKg", "trl"]));
      expect(component("ApplicationLead")?.required).toEqual(expect.arrayContaining(["institutionName", "institutionType"]));
      expect(component("ApplicationScience")?.required).toEqual(expect.arrayContaining(["objectives"]));
    });

    it.each(Object.entries(PAYLOAD_NUMBER_BOUNDS))("documents %s with the bounds the payload schema enforces", (field, bounds) => {
      const errorsWith = (value: number) => {
        const parsed = payloadStepSchema.safeParse(payloadAnswers({ [field]: value, ...(field === "averagePowerW" ? { peakPowerW: value } : {}) }));
        return parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] === field);
      };
      expect(component("ApplicationPayload")?.properties?.[field]).toMatchObject(bounds);
      expect(errorsWith(bounds.maximum)).toEqual([]);
      expect(errorsWith(bounds.maximum + 1)).not.toEqual([]);
      if ("minimum" in bounds) {
        expect(errorsWith(bounds.minimum)).toEqual([]);
        expect(errorsWith(bounds.minimum - 1)).not.toEqual([]);
      } else {
        expect(errorsWith(bounds.exclusiveMinimum)).not.toEqual([]);
      }
      if (bounds.type === "integer") expect(errorsWith(bounds.maximum - 0.5)).not.toEqual([]);
    });

    it.each(applicationPaths)("%s answers 201 with the receipt, 200 for a retry, and every refusal in the application error shape", (applications) => {
      const responses = post(applications).responses;
      expect(Object.keys(responses).sort()).toEqual(["200", "201", "400", "404", "409", "422", "429", "500", "503"]);
      for (const status of ["200", "201"]) {
        expect(JSON.stringify(responses[status]?.content?.["application/json"]?.schema)).toContain("#/components/schemas/SubmissionReceipt");
      }
      for (const status of ["400", "404", "409", "422", "429"]) {
        expect(responseComponent(responses[status]?.$ref)?.content?.["application/json"]?.schema).toEqual({
          $ref: "#/components/schemas/ApplicationApiError",
        });
      }
      expect(responseComponent(responses["429"]?.$ref)?.headers).toMatchObject({ "Retry-After": expect.anything() });
      expect(JSON.stringify(responseComponent(responses["409"]?.$ref))).toContain("answered before the body is validated");
      const codes = JSON.stringify((component("ApplicationApiError")?.properties?.error as SchemaObject).properties?.code);
      for (const code of ["invalid_parameters", "not_found", "over_capacity", "call_closed", "rate_limited", "idempotency_key_reused"]) {
        expect(codes).toContain(code);
      }
    });
  });
});

describe("one call's OpenAPI document", () => {
  const call = { slug: "practice-call", title: "Practice call (demonstration)", version: 3, definition: tianwen3Definition, stageKeys: [TIANWEN3_STAGE] };
  const callDocument = createCallOpenApiDocument(call);
  const schemas = callDocument.components?.schemas as Record<string, SchemaObject & { title?: string; maxItems?: number; minItems?: number }>;

  it("is OpenAPI 3.1, naming the call and its form's version, with the uploads and the call's own submission", async () => {
    expect(await openApiProblems(callDocument)).toEqual([]);
    expect(callDocument.info).toMatchObject({ title: "Practice call (demonstration): applications", version: "form version 3" });
    expect(Object.keys(callDocument.paths ?? {}).sort()).toEqual(["/api/v1/calls/practice-call/applications", "/api/v1/uploads"]);
    const submit = (callDocument.paths?.["/api/v1/calls/practice-call/applications"] as { post: Operation }).post;
    expect(submit.requestBody?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/ApplicationSubmission" });
    expect(submit.parameters?.map((p) => [p.in, p.name])).toEqual([["header", "Idempotency-Key"]]);
    expect(Object.keys(submit.responses).sort()).toEqual(["200", "201", "400", "404", "409", "422", "429", "500", "503"]);
  });

  it("takes each page of answers under the page's key, and files as uploads of the kinds the form asks for", () => {
    expect(schemas.ApplicationSubmission).toMatchObject({
      required: ["email", "lead", "payload", "science", "attachments"],
      additionalProperties: false,
      properties: {
        lead: { $ref: "#/components/schemas/LeadAnswers" },
        payload: { $ref: "#/components/schemas/PayloadAnswers" },
        science: { $ref: "#/components/schemas/ScienceAnswers" },
        attachments: { type: "array", items: { $ref: "#/components/schemas/UploadReference" }, minItems: 1, maxItems: 6 },
      },
    });
    // A page of files only is not a page of answers.
    expect(Object.keys(schemas.ApplicationSubmission!.properties ?? {})).not.toContain("attachments_page");
    expect(JSON.stringify(schemas.ApplicationSubmission!.properties?.attachments)).toContain('TECHNICAL_DESCRIPTION for \\"Technical description\\" (required, at most 1)');
    expect(schemas.UploadReference?.required?.sort()).toEqual(["uploadId", "uploadToken"]);
  });

  it("gives every question its label, choices and limits from the definition, conditional ones optional", () => {
    expect(schemas.LeadAnswers).toMatchObject({
      title: "Lead institution and contacts",
      properties: {
        institutionName: { type: "string", title: "Lead institution name", minLength: 2, maxLength: 200 },
        institutionType: { enum: ["UNIVERSITY", "AGENCY", "RESEARCH_INSTITUTE", "INTERNATIONAL_ORGANISATION"] },
        participants: { type: "array", maxItems: 4, items: { required: ["name", "country"] } },
      },
    });
    expect(schemas.LeadAnswers!.required).not.toContain("country");
    expect(schemas.LeadAnswers!.required).not.toContain("contactPhone");
    expect(schemas.PayloadAnswers!.properties).toMatchObject({
      massKg: { title: "Mass (kg)", anyOf: [{ type: "number", exclusiveMinimum: 0, maximum: 15 }, { type: "string" }] },
      trl: { anyOf: [{ type: "integer", minimum: 1, maximum: 9 }, { type: "string" }] },
      carrier: { enum: ["ORBITER", "SERVICE_MODULE"] },
    });
    expect(schemas.ScienceAnswers!.properties).toMatchObject({ objectives: { type: "array", minItems: 1, maxItems: 5 } });
    expect(schemas.ScienceAnswers!.required).not.toContain("otherObjective");
  });

  it("offers one body per stage that takes new applications, each named by its stage", async () => {
    const twoStages = structuredClone(tianwen3Definition);
    twoStages.stages.push({ ...structuredClone(twoStages.stages[0]!), key: "full-proposal" });
    const document = createCallOpenApiDocument({ ...call, definition: twoStages, stageKeys: [TIANWEN3_STAGE, "full-proposal"] });
    expect(await openApiProblems(document)).toEqual([]);
    const submit = (document.paths?.["/api/v1/calls/practice-call/applications"] as { post: Operation }).post;
    expect(submit.requestBody?.content["application/json"]?.schema).toMatchObject({
      anyOf: [{ $ref: "#/components/schemas/ExpressionOfInterestApplicationSubmission" }, { $ref: "#/components/schemas/FullProposalApplicationSubmission" }],
    });
    expect(document.components?.schemas).toHaveProperty("FullProposalLeadAnswers");
  });
});
