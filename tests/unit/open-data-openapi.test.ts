import { describe, expect, it } from "vitest";
import { API_PATHS, createOpenApiDocument } from "@/server/api/openapi";
import { DATASETS, OPEN_DATA_DOCUMENTED_PATHS } from "@/lib/validation/open-data";

// The open-data files, feed and calendar in the OpenAPI document, beside the JSON API.

const document = createOpenApiDocument();
type Operation = {
  operationId: string;
  tags: string[];
  parameters?: { in: string; name: string; required?: boolean; schema?: { enum?: string[] } }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
};
const get = (path: string) => (document.paths?.[path] as { get?: Operation } | undefined)?.get;

describe("open data in the OpenAPI document", () => {
  it("documents every open-data path besides the API's, and nothing else", () => {
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([...Object.values(API_PATHS), ...OPEN_DATA_DOCUMENTED_PATHS].sort());
    expect(OPEN_DATA_DOCUMENTED_PATHS).toEqual(expect.arrayContaining(["/data/{dataset}.csv", "/calendar.ics", "/{locale}/feed.xml", "/.well-known/cooperation-portal-signing-key"]));
    expect(new Set(OPEN_DATA_DOCUMENTED_PATHS.map((path) => get(path)?.operationId)).size).toBe(OPEN_DATA_DOCUMENTED_PATHS.length);
  });

  it.each([
    ["missions", "MissionSummary"],
    ["opportunities", "OpportunitySummary"],
    ["institutions", "InstitutionSummary"],
    ["sample-loan-awards", "SampleLoanAwardRecord"],
    ["projects", "Project"],
    ["milestones", "Milestone"],
  ])("describes /data/%s.json as { data: [%s] }, the API's own item schema", (dataset, component) => {
    const operation = get(`/data/${dataset}.json`)!;
    expect(operation.tags).toEqual(["Open data"]);
    const schema = JSON.stringify(operation.responses["200"]?.content?.["application/json"]?.schema);
    expect(schema).toContain(`#/components/schemas/${component}`);
    expect(schema).toContain('"data"');
    expect(operation.responses["200"]?.headers).toMatchObject({ ETag: expect.anything(), "Cache-Control": expect.anything() });
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "304", "500", "503"]);
  });

  it("takes the dataset and format of the CSV, digest and signature files from closed lists", () => {
    const csv = get("/data/{dataset}.csv")!;
    expect(csv.parameters).toEqual([expect.objectContaining({ in: "path", name: "dataset", required: true, schema: expect.objectContaining({ enum: [...DATASETS] }) })]);
    expect(csv.responses["200"]?.content).toHaveProperty(["text/csv"]);
    for (const path of ["/data/{dataset}.{format}.sha256", "/data/{dataset}.{format}.sig"]) {
      expect(get(path)!.parameters?.map((p) => [p.name, p.schema?.enum])).toEqual([
        ["dataset", [...DATASETS]],
        ["format", ["csv", "json"]],
      ]);
      expect(get(path)!.responses["404"]).toEqual({ $ref: "#/components/responses/FileNotFound" });
    }
    expect(get("/data/{dataset}.{format}.sig")!.responses["200"]?.content?.["application/octet-stream"]?.schema).toMatchObject({ type: "string", format: "binary" });
  });

  it("describes the key, the feed in each interface language, and the calendar with their media types", () => {
    expect(get("/.well-known/cooperation-portal-signing-key")!.responses["200"]?.content).toHaveProperty(["text/plain"]);
    const feed = get("/{locale}/feed.xml")!;
    expect(feed.parameters?.[0]).toMatchObject({ in: "path", name: "locale", schema: { enum: expect.arrayContaining(["en", "zh"]) } });
    expect(feed.responses["200"]?.content).toHaveProperty(["application/atom+xml"]);
    expect(get("/calendar.ics")!.responses["200"]?.content).toHaveProperty(["text/calendar"]);
  });
});
