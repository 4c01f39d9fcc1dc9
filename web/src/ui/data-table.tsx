// The one table of the app: typed columns (header, cell renderer, optional class or numeric
// alignment), a key per row, a caption or an aria-label, and an empty state shown instead of
// an empty table. Markup and classes are those of styles.css "tables": `th scope="col"`, a
// visually hidden caption, and `data-label` on each cell, which the phone layout shows before
// the value when the rows become stacked cards.
import type { Key, ReactNode } from 'react';

export type Column<Row> = {
  /** The column's header; unique within the table. */
  header: string;
  /** The header is read by screen readers only (a column of buttons). */
  hideHeader?: boolean;
  /**
   * The cell's `data-label` (the phone layout's label) when it is not the header; null for
   * none. Default: the header, or none when the header is hidden.
   */
  label?: string | null;
  cell: (row: Row) => ReactNode;
  /** Class of the column's cells (`cell-name`, `nowrap`, `mono`, …). */
  className?: string;
  /** Numbers: right-aligned in tabular figures, header included. */
  numeric?: boolean;
  /** The cell's tooltip (a shortened value's full text). */
  title?: (row: Row) => string;
};

/** A caption (hidden on screen, where a heading or the page says it) or an aria-label names the table. */
type Name = { caption: string; ariaLabel?: never } | { ariaLabel: string; caption?: never };

export type DataTableProps<Row> = Name & {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  rowClassName?: (row: Row) => string | undefined;
  /** A class beside `table` (`table-audit`). */
  className?: string;
  /** Shown instead of the table when there is no row; without it an empty table is shown. */
  empty?: ReactNode;
};

/** The `data-label` of a column's cells (Column.label). */
export function cellLabel<Row>(column: Column<Row>): string | undefined {
  if (column.label !== undefined) return column.label ?? undefined;
  return column.hideHeader ? undefined : column.header;
}

/** The class of a column's cells: its own class, plus `cell-numeric` for numbers. */
export function cellClassName<Row>(column: Column<Row>): string | undefined {
  return joinClasses(column.className, column.numeric ? 'cell-numeric' : undefined);
}

/** Class names that are set, space-separated; undefined when none (no empty `class` attribute). */
export function joinClasses(...names: (string | undefined)[]): string | undefined {
  const set = names.filter((n) => n);
  return set.length ? set.join(' ') : undefined;
}

/** A trailing column of buttons or links: header for screen readers only, no phone label. */
export function actionsColumn<Row>(cell: (row: Row) => ReactNode): Column<Row> {
  return { header: 'Actions', hideHeader: true, className: 'cell-actions', cell };
}

export function DataTable<Row>({ columns, rows, rowKey, rowClassName, className, empty, caption, ariaLabel }: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table className={joinClasses('table', className)} aria-label={ariaLabel}>
        {caption !== undefined ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'cell-numeric' : undefined}>
                {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((c, i) => (
                <td key={i} data-label={cellLabel(c)} className={cellClassName(c)} title={c.title?.(row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
