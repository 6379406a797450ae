import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import { countryName, formatDay } from "@/lib/localize";
import type { ContentKind, PublishableKind } from "@/lib/content-kinds";
import { publishAction } from "@/server/actions/admin/content";
import { BackLink } from "@/components/ui/back-link";

// The frame of the content pages: headings, the notice after a change, publication state and record controls.

const DONE = ["created", "saved", "deleted", "published", "unpublished", "completed", "notFound"] as const;

/** The page's one h1, a back link, and the notice that follows a change (?done=...). */
export async function ContentHeading({
  title,
  intro,
  back,
  done,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  back?: { href: string; label: string };
  done?: string | string[];
  children?: ReactNode;
}) {
  const t = await getTranslations("Content.common.done");
  const notice = typeof done === "string" && (DONE as readonly string[]).includes(done) ? t(done as (typeof DONE)[number]) : null;
  return (
    <div className="mb-6">
      {back && (
        <p className="mb-2 text-sm">
          <BackLink href={back.href}>{back.label}</BackLink>
        </p>
      )}
      <h1 className="text-3xl font-bold break-words">{title}</h1>
      {intro && <p className="mt-1 text-slate-700">{intro}</p>}
      {children}
      {notice && (
        <p role="status" className="mt-4 border-l-4 border-navy bg-slate-100 p-3 font-semibold">
          {notice}
        </p>
      )}
    </div>
  );
}

export async function PublicationBadge({ published }: { published: boolean }) {
  const t = await getTranslations("AdminList");
  return published ? (
    <span className="inline-block rounded-full bg-emerald-100 px-2 py-0.5 text-sm font-semibold text-emerald-900">{t("published")}</span>
  ) : (
    <span className="inline-block rounded-full bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-900">{t("draft")}</span>
  );
}

/** The record's controls: edit and delete links and, for publishable kinds, publish or take off the public pages. */
export async function RecordControls({
  kind,
  id,
  canWrite,
  published,
  publicHref,
  name,
}: {
  kind: ContentKind;
  id: string;
  canWrite: boolean;
  published?: boolean;
  publicHref?: string | null;
  name: string;
}) {
  const t = await getTranslations("Content.common");
  return (
    <section aria-label={t("recordNav")} className="mb-6 rounded border border-slate-300 bg-white p-4">
      {published !== undefined && (
        <p className="flex flex-wrap items-center gap-2">
          <PublicationBadge published={published} />
          <span>{published ? t("publishedNote") : t("draftNote")}</span>
        </p>
      )}
      <div className={`flex flex-wrap items-center gap-4 ${published !== undefined ? "mt-3" : ""}`}>
        {canWrite && (
          <Link href={`/admin/${kind}/${id}/edit`} className="rounded bg-navy px-4 py-2 font-semibold text-white no-underline hover:bg-sky">
            {t("edit")}
            <span className="sr-only">: {name}</span>
          </Link>
        )}
        {canWrite && published !== undefined && <PublishButton kind={kind as PublishableKind} id={id} published={published} />}
        {published && publicHref && <Link href={publicHref}>{t("viewPublic")}</Link>}
        {canWrite && (
          <Link href={`/admin/${kind}/${id}/delete`} className="font-semibold text-accent">
            {t("delete")}
            <span className="sr-only">: {name}</span>
          </Link>
        )}
      </div>
      {canWrite && published === false && <p className="mt-2 text-sm text-slate-700">{t("publishHint")}</p>}
    </section>
  );
}

/** An institution as a record's field: a link to its page, its country, and "draft" while it is not published. */
export async function InstitutionLink({ institution, locale }: { institution: { id: string; nameEn: string; nameZh: string | null; countryCode: string | null; published?: boolean }; locale: string }) {
  const tl = await getTranslations("AdminList");
  return (
    <>
      <Link href={`/admin/institutions/${institution.id}`}>{localName(institution.nameEn, institution.nameZh, locale)}</Link>
      {institution.countryCode && <> · {countryName(institution.countryCode, locale)}</>}
      {institution.published === false && <> ({tl("draft")})</>}
    </>
  );
}

/** A record page's top: its name as the heading, the way back to its list, the notice after a change, and its controls. */
export async function RecordHeading({ done, ...controls }: Parameters<typeof RecordControls>[0] & { done?: string }) {
  const tl = await getTranslations("AdminList");
  return (
    <>
      <ContentHeading title={controls.name} back={{ href: `/admin/${controls.kind}`, label: tl("back") }} done={done} />
      <RecordControls {...controls} />
    </>
  );
}

async function PublishButton({ kind, id, published }: { kind: PublishableKind; id: string; published: boolean }) {
  const [t, locale] = await Promise.all([getTranslations("Content.common"), getLocale()]);
  return (
    <form action={publishAction}>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="publish" value={published ? "false" : "true"} />
      <button
        type="submit"
        className={
          published
            ? "rounded border-2 border-navy px-4 py-1.5 font-semibold text-navy hover:bg-slate-100"
            : "rounded bg-emerald-800 px-4 py-2 font-semibold text-white hover:bg-emerald-900"
        }
      >
        {published ? t("unpublish") : t("publish")}
      </button>
    </form>
  );
}

/** A record's fields as a description list. */
export function Details({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 rounded border border-slate-300 bg-white p-4 sm:grid-cols-[14rem_1fr]">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="font-semibold">{item.label}</dt>
          <dd className="break-words">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Text in both languages, the Chinese marked as such. */
export function Bilingual({ en, zh }: { en: string | null; zh: string | null }) {
  return (
    <>
      <span lang="en">{en ?? "—"}</span>
      {zh && (
        <>
          {" · "}
          <span lang="zh-Hans">{zh}</span>
        </>
      )}
    </>
  );
}

/** A name in the page's language, falling back to English. */
export const localName = (en: string, zh: string | null | undefined, locale: string) => (locale === "zh" && zh ? zh : en);

/** A record's name as the edit and delete pages title it (an award is "Award: <institution>"). */
export async function recordName(name: { en: string; zh: string | null; message?: string }, locale: string): Promise<string> {
  const local = localName(name.en, name.zh, locale);
  return name.message ? (await getTranslations("Content"))(name.message, { institution: local }) : local;
}

export const day = (iso: string | null, locale: string, fallback = "—") => (iso ? formatDay(iso, locale) : fallback);

/** A link to create a record, for staff who may. */
export async function CreateLink({ kind, label }: { kind: ContentKind; label: string }) {
  return (
    <p className="mt-3">
      <Link href={`/admin/${kind}/new`} className="inline-block rounded bg-navy px-4 py-2 font-semibold text-white no-underline hover:bg-sky">
        <span aria-hidden="true">+ </span>
        {label}
      </Link>
    </p>
  );
}

/** The drafts-or-published filter every publishable list offers. */
export async function publicationFilter() {
  const [tc, tl] = await Promise.all([getTranslations("Content.common"), getTranslations("AdminList")]);
  return {
    name: "published",
    label: tc("publication"),
    options: [
      { value: "published", label: tl("published") },
      { value: "draft", label: tl("draft") },
    ],
  };
}

/** The message namespaces the content forms use in the browser. */
export const CONTENT_FORM_MESSAGES = [
  "Content",
  "AdminList",
  "Errors",
  "Body",
  "MissionStatus",
  "Kind",
  "Status",
  "InstitutionType",
  "ProjectKind",
  "Agreement",
  "Obligation",
  "Carrier",
  "Figure",
];

/** What a content record's page hands the kind's record component. */
export interface RecordProps {
  id: string;
  locale: string;
  /** The notice after a change (?done=...). */
  done?: string;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
export const doneOf = (raw: Record<string, string | string[] | undefined>) => (typeof raw.done === "string" ? raw.done : undefined);
