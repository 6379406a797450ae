import { getFormatter, getTranslations } from "next-intl/server";
import { formatDay } from "@/lib/localize";
import { dataFilePath, type DataFormat } from "@/lib/validation/open-data";
import type { DatasetListing } from "@/server/open-data/files";

/** A size as people read it: bytes below a kilobyte, then kilobytes (1000 bytes) with one decimal. */
export function sizeParts(bytes: number): { value: number; unit: "byte" | "kilobyte" | "megabyte" } {
  if (bytes < 1000) return { value: bytes, unit: "byte" };
  if (bytes < 1_000_000) return { value: Math.round(bytes / 100) / 10, unit: "kilobyte" };
  return { value: Math.round(bytes / 100_000) / 10, unit: "megabyte" };
}

/** Every dataset with its files: each format's data, SHA-256 digest and Ed25519 signature, linked by file name. */
export async function DatasetDownloads({ datasets, locale }: { datasets: DatasetListing[]; locale: string }) {
  const [t, format] = await Promise.all([getTranslations("OpenData.datasets"), getFormatter()]);
  const size = (bytes: number) => {
    const { value, unit } = sizeParts(bytes);
    // "611 bytes" in full; "1.9 kB" abbreviated as usual.
    return format.number(value, { style: "unit", unit, unitDisplay: unit === "byte" ? "long" : "short", maximumFractionDigits: 1 });
  };
  return (
    <ul className="mt-6 grid gap-4 lg:grid-cols-2">
      {datasets.map((d) => {
        const headingId = `dataset-${d.dataset}`;
        return (
          <li key={d.dataset} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <section aria-labelledby={headingId}>
              <h3 id={headingId} className="text-xl font-bold">
                {t(`${d.dataset}.name`)}
              </h3>
              <p className="mt-1 text-slate-800">{t(`${d.dataset}.description`)}</p>
              <p className="mt-2 text-sm text-slate-700" data-records={d.records}>
                {t("records", { count: d.records })}
                {d.updatedAt && <> · {t("updated", { date: formatDay(d.updatedAt, locale) })}</>}
              </p>
              <dl className="mt-3 space-y-3 text-sm">
                {d.files.map((file) => (
                  <div key={file.format}>
                    <dt className="font-semibold">{t(file.format satisfies DataFormat)}</dt>
                    <dd className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                      <span>
                        <a href={dataFilePath({ dataset: d.dataset, format: file.format, kind: "data" })} className="font-mono" download>
                          {file.name}
                        </a>
                        <span className="text-slate-700">{t("size", { size: size(file.bytes) })}</span>
                      </span>
                      <span className="text-slate-700">
                        {t.rich("digest", {
                          file: () => (
                            <a href={dataFilePath({ dataset: d.dataset, format: file.format, kind: "sha256" })} className="font-mono">
                              {file.name}.sha256
                            </a>
                          ),
                        })}
                      </span>
                      <span className="text-slate-700">
                        {t.rich("signature", {
                          file: () => (
                            <a href={dataFilePath({ dataset: d.dataset, format: file.format, kind: "sig" })} className="font-mono" download>
                              {file.name}.sig
                            </a>
                          ),
                        })}
                      </span>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          </li>
        );
      })}
    </ul>
  );
}
