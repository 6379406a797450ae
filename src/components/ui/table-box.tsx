import type { ComponentPropsWithoutRef, ReactNode } from "react";

/** Padding of every cell of a TableBox, for the rows a page writes. */
export const cellClass = "px-2 py-3 sm:px-4";

/**
 * A table in a bordered box that scrolls sideways on a narrow screen, under one row of column headings
 * (numeric columns aligned to the end). The page writes the body's rows.
 */
export function TableBox({
  columns,
  caption,
  className = "",
  children,
  ...rest
}: {
  columns: { label: ReactNode; numeric?: boolean }[];
  caption?: ReactNode;
  className?: string;
  children: ReactNode;
} & Omit<ComponentPropsWithoutRef<"table">, "className" | "children">) {
  return (
    <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`w-full text-start text-sm ${className}`} {...rest}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-100">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={`${cellClass} ${column.numeric ? "text-end" : "text-start"}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
