import { z } from "zod";
import {
  agreementSchema,
  callStageSchema,
  institutionSummarySchema,
  localizedSchema,
  missionRefSchema,
  missionSummarySchema,
  opportunitySummarySchema,
  partialDateSchema,
  projectSummarySchema,
  sourceSchema,
} from "./public-data";

// The open-data downloads: which datasets exist, the shapes of their rows, and the names of their files.
// Shared by the route handlers, the open-data page, the OpenAPI document and the tests.

export const DATASETS = ["missions", "opportunities", "call-stages", "institutions", "sample-loan-awards", "projects", "milestones"] as const;
export const datasetNameSchema = z.enum(DATASETS).meta({ description: "One of the published datasets" });
export type DatasetName = (typeof DATASETS)[number];

export const DATA_FORMATS = ["csv", "json"] as const;
export const dataFormatSchema = z.enum(DATA_FORMATS);
export type DataFormat = (typeof DATA_FORMATS)[number];

/** What a file under /data/ holds: the data itself, its SHA-256 digest line, or its Ed25519 signature. */
export const DATA_FILE_KINDS = ["data", "sha256", "sig"] as const;
export type DataFileKind = (typeof DATA_FILE_KINDS)[number];

export interface DataFileRef {
  dataset: DatasetName;
  format: DataFormat;
  kind: DataFileKind;
}

const DATA_FILE_NAME = new RegExp(`^(${DATASETS.join("|")})\\.(${DATA_FORMATS.join("|")})(?:\\.(sha256|sig))?$`);

/** "missions.csv.sig" → { dataset: "missions", format: "csv", kind: "sig" }; null for any other name. */
export function parseDataFileName(name: string): DataFileRef | null {
  const match = DATA_FILE_NAME.exec(name);
  if (!match) return null;
  return { dataset: match[1] as DatasetName, format: match[2] as DataFormat, kind: (match[3] as "sha256" | "sig" | undefined) ?? "data" };
}

export function dataFileName(ref: DataFileRef): string {
  return `${ref.dataset}.${ref.format}${ref.kind === "data" ? "" : `.${ref.kind}`}`;
}

export const dataFilePath = (ref: DataFileRef) => `/data/${dataFileName(ref)}`;

/** The templated paths of the open-data files and services, as the OpenAPI document names them. */
export const OPEN_DATA_PATHS = {
  csv: "/data/{dataset}.csv",
  digest: "/data/{dataset}.{format}.sha256",
  signature: "/data/{dataset}.{format}.sig",
  signingKey: "/.well-known/cooperation-portal-signing-key",
  feed: "/{locale}/feed.xml",
  calendar: "/calendar.ics",
} as const;

/** Every open-data path the OpenAPI document describes: each dataset's JSON file by name, the rest templated. */
export const OPEN_DATA_DOCUMENTED_PATHS: string[] = [
  ...DATASETS.map((dataset) => dataFilePath({ dataset, format: "json", kind: "data" })),
  ...Object.values(OPEN_DATA_PATHS),
];

export const SIGNING_KEY_PATH = OPEN_DATA_PATHS.signingKey;
export const CALENDAR_PATH = OPEN_DATA_PATHS.calendar;
export const feedPath = (locale: string) => `/${locale}/feed.xml`;

export const sampleLoanAwardRecordSchema = z
  .object({
    opportunity: z.object({ slug: z.string(), title: localizedSchema }),
    institution: institutionSummarySchema,
    agreement: agreementSchema.nullable().meta({ description: "Null where no agreement is recorded" }),
  })
  .meta({ id: "SampleLoanAwardRecord", description: "An institution accepted for a lunar sample loan, with its agreement's public status" });

export const milestoneSchema = z
  .object({
    slug: z.string(),
    label: localizedSchema,
    date: partialDateSchema,
    approximate: z.boolean().meta({ description: "True for a planned date the agency gives only approximately, e.g. \"around 2028\"" }),
    mission: missionRefSchema.nullable(),
    opportunity: z.object({ slug: z.string(), title: localizedSchema }).nullable(),
    source: sourceSchema.nullable().meta({ description: "Where the date was published; null when not recorded" }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Milestone" });

// The stage's live state is left out: it follows the clock, and a file's bytes change only when its data does.
export const callStageRecordSchema = z
  .object({
    call: z.object({
      slug: z.string(),
      title: localizedSchema,
      timeZone: z.string().meta({ description: "IANA zone of the call: a DAY or MONTH precision means that day or month there" }),
    }),
    ...callStageSchema.omit({ state: true }).shape,
  })
  .meta({ id: "CallStageRecord", description: "One stage of a published call, with its window as announced" });

export type SampleLoanAwardRecord = z.infer<typeof sampleLoanAwardRecordSchema>;
export type CallStageRecord = z.infer<typeof callStageRecordSchema>;
export type MilestoneDto = z.infer<typeof milestoneSchema>;

/** The item of each dataset: the API's DTO where the API has one. */
export const datasetItemSchemas = {
  missions: missionSummarySchema,
  opportunities: opportunitySummarySchema,
  "call-stages": callStageRecordSchema,
  institutions: institutionSummarySchema,
  "sample-loan-awards": sampleLoanAwardRecordSchema,
  projects: projectSummarySchema,
  milestones: milestoneSchema,
} satisfies Record<DatasetName, z.ZodType>;

/** A dataset's JSON file: `{ "data": [ ... ] }`, every published row, in a stable order. */
export const datasetFileSchema = <Item extends z.ZodType>(item: Item) => z.object({ data: z.array(item) });

export type DatasetItem<Name extends DatasetName> = z.infer<(typeof datasetItemSchemas)[Name]>;

/** The shell commands the open-data page shows for checking a download; the tests run exactly these. */
export function verificationCommands(origin: string, fileName = "missions.csv") {
  return {
    verify: [
      `curl -O ${origin}/data/${fileName} -O ${origin}/data/${fileName}.sig`,
      `curl -o key.pem ${origin}${SIGNING_KEY_PATH}`,
      `openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in ${fileName} -sigfile ${fileName}.sig`,
    ],
    fingerprint: "openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256",
    digest: [`curl -O ${origin}/data/${fileName}.sha256`, `sha256sum -c ${fileName}.sha256`],
  };
}
