import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { RecordTable } from "@/components/admin/record-table";
import type { Rubric } from "@/lib/calls/definition";
import { pickText } from "@/lib/localize";
import type { Averages, ReviewRow } from "@/server/review/queries";

/** The averages per criterion and overall (weighted by the rubric), then each reviewer's scores and comment. */
export async function ScoresTables({ rubric, averages, reviews }: { rubric: Rubric | null; averages: Averages | null; reviews: ReviewRow[] }) {
  const [t, format, locale] = await Promise.all([getTranslations("Review.scores"), getFormatter(), getLocale()]);
  const two = (n: number) => format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const scored = reviews.filter((r) => r.scores && !r.conflict);
  if (!rubric) return <p className="mt-3">{t("none")}</p>;
  const criteria = rubric.criteria;
  // Weights are worth naming only when they differ.
  const weighted = criteria.some((c) => c.weight !== criteria[0]!.weight);
  const heading = (c: Rubric["criteria"][number]) =>
    weighted ? t("weighted", { criterion: pickText(c.label, locale), weight: c.weight }) : pickText(c.label, locale);
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
          columns={[...criteria.map(heading), weighted ? t("overallWeighted") : t("overall")]}
          rows={[
            {
              key: "averages",
              cells: [
                ...criteria.map((c) => ({ value: Object.hasOwn(averages.criteria, c.key) ? two(averages.criteria[c.key]!) : "—", className: "text-lg" })),
                { value: two(averages.overall), className: "text-lg font-bold" },
              ],
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
          columns={[t("reviewer"), ...criteria.map((c) => pickText(c.label, locale)), t("comment")]}
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
              ...criteria.map((c) => r.scores?.[c.key] ?? "—"),
              { value: r.comment, className: "whitespace-pre-line break-words" },
            ],
          }))}
        />
      )}
    </>
  );
}
