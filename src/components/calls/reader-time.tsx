"use client";

import { useSyncExternalStore } from "react";
import { localeInfo } from "@/i18n/locales";
import { EXACT_FORMAT } from "./instant-format";

const subscribe = () => () => {};

/** The instant on the reader's own clock, or null where that clock reads the same as the call's zone. */
function readerText(iso: string, callZone: string, locale: string): string | null {
  const at = new Date(iso);
  const intl = localeInfo(locale).intl;
  const reader = new Intl.DateTimeFormat(intl, EXACT_FORMAT);
  if (reader.format(at) === new Intl.DateTimeFormat(intl, { ...EXACT_FORMAT, timeZone: callZone }).format(at)) return null;
  return new Intl.DateTimeFormat(intl, { ...EXACT_FORMAT, timeZoneName: "short" }).format(at);
}

/**
 * An exact instant in the reader's time zone, known only in the browser: the server renders nothing here, so the
 * cached page is the same for every reader, and this fills in after hydration. `template` holds "{time}".
 */
export function ReaderTime({ at, callZone, locale, template }: { at: string; callZone: string; locale: string; template: string }) {
  const text = useSyncExternalStore(subscribe, () => readerText(at, callZone, locale), () => null);
  if (!text) return null;
  const [before, after] = template.split("{time}");
  return (
    <span className="block text-sm text-slate-700" data-reader-time="">
      {before}
      <time dateTime={at}>{text}</time>
      {after}
    </span>
  );
}
