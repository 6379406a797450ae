import NextLink from "next/link";
import { getLocale } from "next-intl/server";
import type { ComponentProps } from "react";

/**
 * A link to a page of the portal in the current language, rendered on the server: public pages then need
 * no i18n code in the browser (next-intl's own Link is a client component).
 */
export async function Link({ href, ...props }: Omit<ComponentProps<typeof NextLink>, "href"> & { href: string }) {
  const locale = await getLocale();
  return <NextLink href={`/${locale}${href === "/" ? "" : href}`} {...props} />;
}
