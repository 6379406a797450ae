import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { LOCALES } from "./i18n/locales";
import { routing } from "./i18n/routing";
import { OPPORTUNITY_PATHS } from "./lib/site";

const handleI18nRouting = createMiddleware(routing);

const PROJECTS_PATH = new RegExp(`^/(${LOCALES.join("|")})/opportunities/chang-e-8-cooperation-projects/?$`);

// Chang'e missions and their calls were first published as change-N…, which reads as the English word. Every such
// slug was renamed to chang-e-N… (prisma/migrations/20261206190000_chang_e_slugs), so each old address moves for good.
const OLD_SLUG = /^change-(?=\d)/;
const NEW_SLUG_START = "chang-e-";
const OLD_SLUG_PATH = new RegExp(`^((?:/(?:${LOCALES.join("|")}))?/(?:missions|opportunities)/|/api/v1/(?:missions|opportunities)/)change-(?=\\d)`);
// The API's one query parameter that holds such a slug.
const OLD_SLUG_QUERY = { path: "/api/v1/projects", name: "opportunity" };

/** Where an address under an old Chang'e slug now lives (the rest of the path and the query kept), or null. */
function renamedUrl(href: string): URL | null {
  const url = new URL(href);
  const target = new URL(href);
  target.pathname = url.pathname.replace(OLD_SLUG_PATH, `$1${NEW_SLUG_START}`);
  const value = url.pathname === OLD_SLUG_QUERY.path ? url.searchParams.get(OLD_SLUG_QUERY.name) : null;
  if (value !== null && OLD_SLUG.test(value)) target.searchParams.set(OLD_SLUG_QUERY.name, value.replace(OLD_SLUG, NEW_SLUG_START));
  return target.href === url.href ? null : target;
}

// Addresses that moved for good: every call is listed at /calls, the three calls with pages of their own keep them,
// and the first Tianwen-3 application address starts at the call's apply page.
const MOVED_PATH = new RegExp(`^/(${LOCALES.join("|")})/(opportunities|calls/([^/]+)|opportunities/tianwen-3-payload-offer/apply)/?$`);

function movedPath(pathname: string): string | null {
  const match = MOVED_PATH.exec(pathname);
  if (!match) return null;
  const [, locale, rest, callSlug] = match;
  if (rest === "opportunities") return `/${locale}/calls`;
  if (rest!.endsWith("/apply")) return `/${locale}/calls/tianwen-3-payload-offer/apply`;
  const own = callSlug && Object.hasOwn(OPPORTUNITY_PATHS, callSlug) ? OPPORTUNITY_PATHS[callSlug as keyof typeof OPPORTUNITY_PATHS] : null;
  return own ? `/${locale}${own}` : null;
}

// Locale negotiation and cheap redirects, plus one cheap rewrite: project filters map to a cached path per filter pair.
export default function proxy(request: NextRequest) {
  const renamed = renamedUrl(request.nextUrl.href);
  // 308 rather than 301: permanent, and a POST to an old API address is sent again as a POST.
  if (renamed) return NextResponse.redirect(renamed, 308);
  const { pathname, searchParams } = request.nextUrl;
  if (pathname.startsWith("/api/")) return NextResponse.next();
  const moved = movedPath(pathname);
  if (moved) {
    const target = request.nextUrl.clone();
    target.pathname = moved;
    return NextResponse.redirect(target, 308);
  }
  const match = PROJECTS_PATH.exec(pathname);
  if (match && (searchParams.has("country") || searchParams.has("kind"))) {
    const country = encodeURIComponent(searchParams.get("country") || "all");
    const kind = encodeURIComponent(searchParams.get("kind") || "all");
    const target = new URL(`/${match[1]}/opportunities/chang-e-8-cooperation-projects/filter/${country}/${kind}`, request.url);
    return NextResponse.rewrite(target);
  }
  return handleI18nRouting(request);
}

export const config = {
  matcher: [
    // Everything but the API, Next.js internals, and files with an extension.
    "/((?!api|_next|_vercel|.*\\..*).*)",
    // Of the API, only the old Chang'e addresses (renamedUrl).
    "/api/v1/(missions|opportunities)/change-(\\d.*)",
    { source: "/api/v1/projects", has: [{ type: "query", key: "opportunity", value: "change-\\d.*" }] },
  ],
};
