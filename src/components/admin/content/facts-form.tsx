"use client";

import { useTranslations } from "next-intl";
import { TextArea, TextField } from "@/components/forms/fields";
import { saveFactsAction } from "@/server/actions/admin/content";
import { fieldState, RecordForm, ticked } from "./fields";

const NEW_ROWS = 2;

/**
 * A mission's or an opportunity's facts as one list: each row in both languages with its order and a remove box,
 * and blank rows for new facts. Saved all at once.
 */
export function FactsForm({
  owner,
  id,
  version,
  facts,
  submitLabel,
}: {
  owner: "mission" | "opportunity";
  id: string;
  version: string;
  facts: { position: number; textEn: string; textZh: string | null }[];
  submitLabel: string;
}) {
  const tc = useTranslations("Content.fields");
  const rows = facts.length + NEW_ROWS;
  const saved = { facts: facts.map((f, i) => ({ position: String(i), textEn: f.textEn, textZh: f.textZh ?? "" })) };
  const labels: Record<string, string> = {};
  for (let i = 0; i < rows; i++) {
    labels[`facts.${i}.position`] = tc("factPosition", { n: i + 1 });
    labels[`facts.${i}.textEn`] = tc("factEn", { n: i + 1 });
    labels[`facts.${i}.textZh`] = tc("factZh", { n: i + 1 });
  }
  return (
    <RecordForm action={saveFactsAction} hidden={{ owner, id, version }} labels={labels} submitLabel={submitLabel} className="max-w-4xl">
      {(state) => {
        const f = fieldState(state, saved);
        return (
          <ol className="mb-4 space-y-4">
            {Array.from({ length: rows }, (_, i) => {
              const isNew = i >= facts.length;
              return (
                <li key={i} className="rounded border border-slate-300 bg-white p-3">
                  <p className="mb-2 font-semibold">{isNew ? tc("newFact", { n: i + 1 }) : tc("fact", { n: i + 1 })}</p>
                  <div className="grid gap-x-4 sm:grid-cols-2">
                    <TextArea name={`facts.${i}.textEn`} label={labels[`facts.${i}.textEn`] ?? ""} rows={3} error={f.error(`facts.${i}.textEn`)} defaultValue={f.value(`facts.${i}.textEn`)} />
                    <TextArea name={`facts.${i}.textZh`} label={labels[`facts.${i}.textZh`] ?? ""} rows={3} error={f.error(`facts.${i}.textZh`)} defaultValue={f.value(`facts.${i}.textZh`)} />
                  </div>
                  <div className="flex flex-wrap items-end gap-x-6">
                    <div className="w-40">
                      <TextField
                        name={`facts.${i}.position`}
                        label={labels[`facts.${i}.position`] ?? ""}
                        inputMode="numeric"
                        width="short"
                        error={f.error(`facts.${i}.position`)}
                        defaultValue={f.value(`facts.${i}.position`) ?? String(i)}
                      />
                    </div>
                    {!isNew && (
                      <label className="mb-6 flex items-center gap-2">
                        <input type="checkbox" name={`facts.${i}.remove`} defaultChecked={ticked(state, `facts.${i}.remove`)} className="h-5 w-5 accent-navy" />
                        {tc("factRemove", { n: i + 1 })}
                      </label>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        );
      }}
    </RecordForm>
  );
}
