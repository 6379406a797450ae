import { hasLocale } from "next-intl";
import { routing } from "@/i18n/routing";
import { handleApi, notFoundError } from "@/server/api/respond";
import { buildFeed } from "@/server/open-data/files";
import { respondWithFile } from "@/server/open-data/respond";

// /{locale}/feed.xml: an Atom feed of calls, results, milestones and updates in that language.
export const GET = handleApi<{ locale: string }>(async (request, { params }) => {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) throw notFoundError(`There is no feed in "${locale}".`);
  return respondWithFile(request, Buffer.from(await buildFeed(locale), "utf8"), {
    fileName: `feed-${locale}.xml`,
    contentType: "application/atom+xml; charset=utf-8",
  });
});
