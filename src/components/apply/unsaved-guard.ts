"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Copies of a page (its token, step and revision) that a save was sent from: the router may show such a copy again on
// Back or Forward, with the answers as they were before that save.
const sentCopies = new Set<string>();

/** Notes that a save was sent from this copy of a page: shown again, it is read afresh from the server. */
export const markCopySent = (copy: string) => void sentCopies.add(copy);

/**
 * Keeps a form with unsaved typing from being left without asking: closing or reloading the tab (beforeunload), and
 * any link on the page (the language switcher, the back link, the header). A copy of the page that a save was sent
 * from, shown again by Back or Forward, is read again from the server, so its fields show the answers saved now.
 */
export function useUnsavedGuard(dirty: boolean, message: string, copy: string) {
  const router = useRouter();

  useEffect(() => {
    if (sentCopies.has(copy)) router.refresh();
    // A page restored whole from the browser's back-forward cache: load it again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [router, copy]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank" || link.hasAttribute("download")) return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin || (to.pathname === window.location.pathname && to.search === window.location.search)) return;
      if (window.confirm(message)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capturing on window runs before the router's own click handlers, so a refusal stops the navigation.
    window.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}
