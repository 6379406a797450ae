import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { LOCALES } from "./i18n/locales";
import { routing } from "./i18n/routing";

const handleI18nRouting = createMiddleware(routing);

const PROJECTS_PATH = new RegExp(`^/(${LOCALES.join("|")})/opportunities/change-8-cooperation-projects/?$`);

// Locale negotiation, plus one cheap rewrite: project filters map to a cached path per filter pair.
export default function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const match = PROJECTS_PATH.exec(pathname);
  if (match && (searchParams.has("country") || searchParams.has("kind"))) {
    const country = encodeURIComponent(searchParams.get("country") || "all");
    const kind = encodeURIComponent(searchParams.get("kind") || "all");
    const target = new URL(`/${match[1]}/opportunities/change-8-cooperation-projects/filter/${country}/${kind}`, request.url);
    return NextResponse.rewrite(target);
  }
  return handleI18nRouting(request);
}

export const config = {
  // Everything but the API, Next.js internals, and files with an extension.
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
