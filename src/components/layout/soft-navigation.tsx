"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Follows the portal's own links (anchors marked data-nav, as Link renders them) through the router, as next/link
 * would, without next/link's code on every page: one listener for the whole document. A modified click, a new
 * tab, a download or a link within the page is left to the browser; so is any click a handler already stopped
 * (the unsaved-answers guard listens before this one, in the capture phase).
 */
export function SoftNavigation() {
  const router = useRouter();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[data-nav]");
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const to = new URL(link.href);
      if (to.origin !== window.location.origin) return;
      if (to.hash && to.pathname === window.location.pathname && to.search === window.location.search) return;
      event.preventDefault();
      router.push(to.pathname + to.search + to.hash);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [router]);
  return null;
}
