import type { ReactNode } from "react";

// The panel's small tables (a record's parts, the outbox, a decision batch): a caption for screen readers, column
// headers, and each row headed by its first cell. Lists with search, sort and pages use DataTable instead.

/** A cell's content, or its content with classes of its own (e.g. "break-all" for an address). */
export type RecordCell = ReactNode | { value: ReactNode; className: string };

const isStyled = (cell: RecordCell): cell is { value: ReactNode; className: string } =>
  typeof cell === "object" && cell !== null && "className" in cell && "value" in cell;

/** A header cell's classes: at the start of the line (browsers centre headers) unless the column says otherwise. */
const headerClasses = (own: string) => `px-3 py-2 ${/\btext-(start|end|center|left|right)\b/.test(own) ? "" : "text-start"} ${own}`;

export function RecordTable({
  caption,
  columns,
  rows,
  testId,
  className = "",
  captionShown = false,
  fullWidth = true,
  rowHeaders = true,
}: {
  caption: string;
  /** Column headers; a column's classes (e.g. "text-end" for figures) go with its header. */
  columns: RecordCell[];
  rows: { key: string; cells: RecordCell[] }[];
  testId?: string;
  className?: string;
  /** Show the caption above the table rather than only to screen readers. */
  captionShown?: boolean;
  /** Stretch to the container; a few narrow figures read better close together. */
  fullWidth?: boolean;
  /** Head each row by its first cell; off for a single row of figures under the column headers. */
  rowHeaders?: boolean;
}) {
  return (
    <div className={`relative overflow-x-auto ${className}`}>
      <table className={`${fullWidth ? "w-full " : ""}border-collapse bg-white text-start text-sm [overflow-wrap:anywhere]`} data-testid={testId}>
        <caption className={captionShown ? "px-3 py-2 text-start font-semibold" : "sr-only"}>{caption}</caption>
        <thead>
          <tr className="border-b-2 border-slate-400">
            {columns.map((column, index) => (
              <th key={index} scope="col" className={headerClasses(isStyled(column) ? column.className : "")}>
                {isStyled(column) ? column.value : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-200 align-top">
              {row.cells.map((cell, index) => {
                const value = isStyled(cell) ? cell.value : cell;
                const classes = `px-3 py-2 ${isStyled(cell) ? cell.className : ""}`;
                return index === 0 && rowHeaders ? (
                  <th key={index} scope="row" className={headerClasses(isStyled(cell) ? cell.className : "")}>
                    {value}
                  </th>
                ) : (
                  <td key={index} className={classes}>
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A titled part of a panel page, reachable by its id (e.g. #obligations after a change). */
export function PanelSection({ id, title, hint, children, className = "mb-8" }: { id: string; title: ReactNode; hint?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className={className}>
      <h2 id={`${id}-heading`} className={`${hint ? "mb-1" : "mb-3"} text-xl font-bold`}>
        {title}
      </h2>
      {hint && <p className="mb-3 text-sm text-slate-700">{hint}</p>}
      {children}
    </section>
  );
}
