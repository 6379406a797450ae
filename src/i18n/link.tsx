import { getLocale } from "next-intl/server";
import type { ComponentProps } from "react";

/**
 * A link to a page of the portal in the current language: a plain anchor rendered on the server, which
 * SoftNavigation (in the site header) follows through the router. Public pages then load no link or i18n code.
 */
export async function Link({ href, ...props }: Omit<ComponentProps<"a">, "href"> & { href: string }) {
  const locale = await getLocale();
  return <a href={`/${locale}${href === "/" ? "" : href}`} data-nav="" {...props} />;
}
