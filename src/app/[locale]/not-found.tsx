import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";

export default async function NotFound() {
  const t = await getTranslations("NotFound");
  return (
    <div className="max-w-2xl py-12">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-4 text-lg">{t("text")}</p>
      <p className="mt-6">
        <Link href="/" className="font-semibold">
          {t("home")}
        </Link>
      </p>
    </div>
  );
}
