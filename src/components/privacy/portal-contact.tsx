import "server-only";
import { getTranslations } from "next-intl/server";
import { env } from "@/env";

/** The portal's own contact address (PORTAL_CONTACT_EMAIL), or a plain statement that none is set. */
export async function PortalContact({ className }: { className?: string }) {
  const t = await getTranslations("Privacy");
  const email = env.PORTAL_CONTACT_EMAIL;
  if (!email) {
    return (
      <p className={className} data-portal-contact="none">
        {t("contactNone")}
      </p>
    );
  }
  return (
    <p className={className} data-portal-contact="">
      {t.rich("contact", {
        mail: () => (
          // An address reads left to right inside an Arabic sentence too.
          <a href={`mailto:${email}`} dir="ltr" className="break-all">
            {email}
          </a>
        ),
      })}
    </p>
  );
}
