import { getFormatter, getTranslations } from "next-intl/server";
import { RecordTable } from "@/components/admin/record-table";
import { RUBRIC } from "@/lib/validation/admin/review";
import type { Averages, ReviewRow } from "@/server/review/queries";

/** The averages per criterion and overall, then each reviewer's scores and comment. */
export async function ScoresTables({ averages, reviews }: { averages: Averages | null; reviews: ReviewRow[] }) {
  const [t, tc, format] = await Promise.all([getTranslations("Review.scores"), getTranslations("Review.criteria"), getFormatter()]);
  const two = (n: number) => format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const scored = reviews.filter((r) => r.scores && !r.conflict);
  return (
    <>
      {averages ? (
        <RecordTable
          className="mt-3"
          fullWidth={false}
          rowHeaders={false}
          captionShown
          caption={t("averagesCaption", { count: averages.count })}
          testId="score-averages"
          columns={[...RUBRIC.map((c) => tc(`${c}.label`)), t("overall")]}
          rows={[
            {
              key: "averages",
              cells: [...RUBRIC.map((c) => ({ value: two(averages[c]), className: "text-lg" })), { value: two(averages.overall), className: "text-lg font-bold" }],
            },
          ]}
        />
      ) : (
        <p className="mt-3">{t("none")}</p>
      )}
      {scored.length > 0 && (
        <RecordTable
          className="mt-4"
          captionShown
          caption={t("byReviewer")}
          testId="score-table"
          columns={[t("reviewer"), ...RUBRIC.map((c) => ({ value: tc(`${c}.short`), className: "whitespace-nowrap" })), t("comment")]}
          rows={scored.map((r) => ({
            key: r.id,
            cells: [
              {
                className: "font-semibold",
                value: (
                  <>
                    {r.reviewerName}
                    {r.own && <span className="block font-normal text-slate-700">{t("you")}</span>}
                  </>
                ),
              },
              ...RUBRIC.map((c) => r.scores![c]),
              { value: r.comment, className: "whitespace-pre-line break-words" },
            ],
          }))}
        />
      )}
    </>
  );
}
