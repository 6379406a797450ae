import "server-only";
import { DATA_FORMATS, DATASETS, dataFileName, type DataFileRef, type DataFormat, type DatasetName } from "@/lib/validation/open-data";
import { latest } from "@/lib/dates";
import type { CsvColumn } from "../exports/csv";
import { env } from "@/env";
import { now } from "../platform/clock";
import { listRealCalls } from "../queries/real-calls";
import { buildCalendarEvents, renderCalendar } from "./calendar";
import { translatorFor } from "@/i18n/translator";
import { DATASET_DEFINITIONS, listMilestones } from "./datasets";
import { buildFeedEntries, renderAtom } from "./feed";
import { listRecentlyUpdated } from "./updates";
import { CONTENT_TYPES, digestLine, serialiseDataset, signBytes } from "./serialise";

// The files under /data/, read from the cached dataset queries on each request: serialising a few
// hundred rows and signing them takes well under a millisecond.

// Each definition is typed by its own row; serialising needs only rows and columns that agree.
const definitionOf = (dataset: DatasetName) => DATASET_DEFINITIONS[dataset] as { rows: () => Promise<unknown[]>; columns: CsvColumn<unknown>[] };

export async function datasetBytes(dataset: DatasetName, format: DataFormat): Promise<Buffer> {
  const definition = definitionOf(dataset);
  return serialiseDataset(format, await definition.rows(), definition.columns);
}

export interface ServedFile {
  name: string;
  body: Buffer;
  contentType: string;
}

/** A file under /data/: the dataset itself, its digest line or its signature. */
export async function dataFile(ref: DataFileRef): Promise<ServedFile> {
  const data = await datasetBytes(ref.dataset, ref.format);
  const name = dataFileName(ref);
  const dataName = dataFileName({ ...ref, kind: "data" });
  if (ref.kind === "sha256") return { name, body: Buffer.from(digestLine(data, dataName), "utf8"), contentType: "text/plain; charset=utf-8" };
  if (ref.kind === "sig") return { name, body: signBytes(data), contentType: "application/octet-stream" };
  return { name, body: data, contentType: CONTENT_TYPES[ref.format] };
}

export interface DatasetListing {
  dataset: DatasetName;
  records: number;
  /** Latest change among its rows, when its rows carry one. */
  updatedAt: string | null;
  files: { format: DataFormat; name: string; bytes: number }[];
}

/** What the open-data page lists: every dataset with its record count and each file's size. */
export async function listDatasets(): Promise<DatasetListing[]> {
  return Promise.all(
    DATASETS.map(async (dataset) => {
      const definition = definitionOf(dataset);
      const rows = await definition.rows();
      const stamps = rows.flatMap((row) => {
        const updatedAt = (row as { updatedAt?: unknown }).updatedAt;
        return typeof updatedAt === "string" ? [updatedAt] : [];
      });
      return {
        dataset,
        records: rows.length,
        updatedAt: stamps.length ? latest(...stamps) : null,
        files: DATA_FORMATS.map((format) => {
          const body = serialiseDataset(format, rows, definition.columns);
          return { format, name: dataFileName({ dataset, format, kind: "data" }), bytes: body.length };
        }),
      };
    }),
  );
}

/** /{locale}/feed.xml, from the cached queries. */
export async function buildFeed(locale: string): Promise<string> {
  const [t, opportunities, milestones, updates] = await Promise.all([
    translatorFor(locale),
    listRealCalls(),
    listMilestones(),
    listRecentlyUpdated(),
  ]);
  const entries = buildFeedEntries({ locale, t, now: now(), opportunities, milestones, updates });
  return renderAtom({ locale, t, entries, siteUrl: env.SITE_URL });
}

/** /calendar.ics, from the cached queries, in English and Chinese. */
export async function buildCalendar(): Promise<string> {
  const [en, zh, opportunities, milestones] = await Promise.all([translatorFor("en"), translatorFor("zh"), listRealCalls(), listMilestones()]);
  const events = buildCalendarEvents({ translators: { en, zh }, opportunities, milestones, siteUrl: env.SITE_URL });
  return renderCalendar(events, [...new Set([en("Site.name"), zh("Site.name")])].join(" / "));
}
