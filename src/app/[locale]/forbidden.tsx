import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";

export default async function Forbidden() {
  const t = await getTranslations("Admin.forbidden");
  return (
    <div className="max-w-2xl">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-4">{t("body")}</p>
      <p className="mt-4">
        <Link href="/admin">{t("back")}</Link>
      </p>
    </div>
  );
}
