import type { ComponentPropsWithoutRef, ReactNode } from "react";

const headingSizes = { large: "text-2xl font-bold", small: "text-xl font-bold" } as const;

/**
 * A part of a page under its own h2, which names the section (aria-labelledby), so screen readers list it as a region.
 * `intro` is the short paragraph under the heading; anything else a section carries (data-*, an id) passes through.
 */
export function Section({
  headingId,
  heading,
  intro,
  size = "large",
  className = "mt-8",
  children,
  ...rest
}: {
  headingId: string;
  heading: ReactNode;
  intro?: ReactNode;
  size?: keyof typeof headingSizes;
  className?: string;
  children?: ReactNode;
} & Omit<ComponentPropsWithoutRef<"section">, "aria-labelledby" | "className" | "children">) {
  return (
    <section aria-labelledby={headingId} className={className} {...rest}>
      <h2 id={headingId} className={headingSizes[size]}>
        {heading}
      </h2>
      {intro && <p className="mt-2 max-w-3xl text-slate-800">{intro}</p>}
      {children}
    </section>
  );
}
