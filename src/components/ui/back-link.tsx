import type { ReactNode } from "react";
import { Link } from "@/i18n/link";

/** The arrow of a way back: it points to where reading started, so it turns round in right-to-left languages. */
export function BackArrow() {
  return (
    <span aria-hidden="true" className="inline-block rtl:-scale-x-100" data-icon="back">
      ←
    </span>
  );
}

/** A link back to the page a reader came down from, with its arrow. */
export function BackLink({ href, children, className = "" }: { href: string; children: ReactNode; className?: string }) {
  return (
    <Link href={href} className={`inline-flex items-center gap-1.5 ${className}`}>
      <BackArrow />
      <span>{children}</span>
    </Link>
  );
}
