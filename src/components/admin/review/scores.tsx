import { getFormatter, getTranslations } from "next-intl/server";
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
        <div className="mt-3 relative overflow-x-auto">
          <table className="border-collapse bg-white text-start text-sm" data-testid="score-averages">
            <caption className="px-3 py-2 text-start font-semibold">{t("averagesCaption", { count: averages.count })}</caption>
            <thead>
              <tr className="border-b-2 border-slate-400">
                {RUBRIC.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2">
                    {tc(`${c}.label`)}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  {t("overall")}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {RUBRIC.map((c) => (
                  <td key={c} className="px-3 py-2 text-lg">
                    {two(averages[c])}
                  </td>
                ))}
                <td className="px-3 py-2 text-lg font-bold">{two(averages.overall)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-3">{t("none")}</p>
      )}
      {scored.length > 0 && (
        <div className="mt-4 relative overflow-x-auto">
          <table className="w-full border-collapse bg-white text-start text-sm" data-testid="score-table">
            <caption className="px-3 py-2 text-start font-semibold">{t("byReviewer")}</caption>
            <thead>
              <tr className="border-b-2 border-slate-400">
                <th scope="col" className="px-3 py-2">
                  {t("reviewer")}
                </th>
                {RUBRIC.map((c) => (
                  <th key={c} scope="col" className="whitespace-nowrap px-3 py-2">
                    {tc(`${c}.short`)}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  {t("comment")}
                </th>
              </tr>
            </thead>
            <tbody>
              {scored.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="px-3 py-2 font-semibold">
                    {r.reviewerName}
                    {r.own && <span className="block font-normal text-slate-700">{t("you")}</span>}
                  </th>
                  {RUBRIC.map((c) => (
                    <td key={c} className="px-3 py-2">
                      {r.scores![c]}
                    </td>
                  ))}
                  <td className="whitespace-pre-line break-words px-3 py-2">{r.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
