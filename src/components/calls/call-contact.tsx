import { getTranslations } from "next-intl/server";

/** The address questions about a call go to, as a mail link; nothing where the call gives none. */
export async function CallContact({ email, className = "mt-3" }: { email: string | null; className?: string }) {
  if (!email) return null;
  const t = await getTranslations("Calls");
  return (
    <p className={className} data-call-contact="">
      {t.rich("contact", {
        mail: () => (
          // An address reads left to right inside an Arabic sentence too.
          <a href={`mailto:${email}`} dir="ltr" className="break-all font-semibold">
            {email}
          </a>
        ),
      })}
    </p>
  );
}
