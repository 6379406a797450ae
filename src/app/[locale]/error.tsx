"use client";

import { useParams } from "next/navigation";
import { errorCopy } from "@/i18n/error-copy";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const requested = useParams<{ locale?: string }>()?.locale ?? "en";
  const locale = requested in errorCopy ? (requested as keyof typeof errorCopy) : "en";
  const t = errorCopy[locale];
  return (
    <div role="alert" className="max-w-2xl py-12">
      <h1 className="text-3xl font-bold">{t.title}</h1>
      <p className="mt-4 text-lg">{t.text}</p>
      <p className="mt-6 flex gap-6">
        <button type="button" onClick={reset} className="rounded bg-navy px-4 py-2 font-semibold text-white">
          {t.retry}
        </button>
        {/* A plain anchor: this boundary loads with every page, and next/link's code would load with it. */}
        <a href={`/${locale}`} className="self-center font-semibold">
          {t.home}
        </a>
      </p>
    </div>
  );
}
