import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { pageMetadata } from "@/lib/site";

type Params = { params: Promise<{ locale: string }> };

/** generateMetadata for a page whose title and description are the `title` and `description` of its messages. */
export function metadataFromMessages(namespace: string, path: string) {
  return async function generateMetadata({ params }: Params): Promise<Metadata> {
    const { locale } = await params;
    const [t, site] = await Promise.all([getTranslations({ locale, namespace }), getTranslations({ locale, namespace: "Site" })]);
    return pageMetadata({ locale, path, title: t("title"), description: t("description"), siteName: site("name") });
  };
}
