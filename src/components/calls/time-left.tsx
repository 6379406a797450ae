import { getTranslations } from "next-intl/server";
import { now } from "@/server/platform/clock";
import { timeLeft } from "./instant-format";

/** Days and hours until a closing, counted when the page is rendered (pages showing it rebuild every minute). */
export async function TimeLeft({ until, className = "" }: { until: string; className?: string }) {
  const t = await getTranslations("Calls");
  const left = timeLeft(until, now());
  if (!left) return null;
  const text =
    left.days > 0 ? t("timeLeft.days", left) : left.hours > 0 ? t("timeLeft.hours", { hours: left.hours }) : t("timeLeft.underHour");
  return <p className={`font-semibold text-emerald-900 ${className}`}>{text}</p>;
}
