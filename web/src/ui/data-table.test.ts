import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { actionsColumn, cellClassName, cellLabel, DataTable, joinClasses, type Column, type DataTableProps } from './data-table.tsx';

type Fruit = { id: string; name: string; count: number };
const FRUIT: Fruit[] = [
  { id: 'a', name: 'Apple', count: 3 },
  { id: 'p', name: 'Pear', count: 12 },
];
const COLUMNS: Column<Fruit>[] = [
  { header: 'Fruit', cell: (f) => f.name, className: 'cell-name' },
  { header: 'How many', label: 'Count', cell: (f) => f.count, numeric: true, title: (f) => `${f.count} ${f.name}` },
  actionsColumn((f) => createElement('button', { type: 'button' }, `Eat ${f.name}`)),
];
const render = (props: DataTableProps<Fruit>) => renderToStaticMarkup(createElement(DataTable<Fruit>, props));

describe('DataTable columns', () => {
  it('labels a cell for the phone layout with its header, its own label, or nothing for a hidden header', () => {
    expect(cellLabel(COLUMNS[0]!)).toBe('Fruit');
    expect(cellLabel(COLUMNS[1]!)).toBe('Count');
    expect(cellLabel(COLUMNS[2]!)).toBeUndefined();
    expect(cellLabel({ header: 'Step', label: null, cell: () => null })).toBeUndefined();
    expect(cellLabel({ header: 'Notes', hideHeader: true, label: 'Notes', cell: () => null })).toBe('Notes');
  });

  it('gives numeric cells cell-numeric beside their own class, and no class attribute when there is none', () => {
    expect(cellClassName(COLUMNS[0]!)).toBe('cell-name');
    expect(cellClassName(COLUMNS[1]!)).toBe('cell-numeric');
    expect(cellClassName({ header: 'n', numeric: true, className: 'mono', cell: () => null })).toBe('mono cell-numeric');
    expect(cellClassName({ header: 'x', cell: () => null })).toBeUndefined();
    expect(joinClasses(undefined, '')).toBeUndefined();
  });
});

describe('DataTable markup', () => {
  it('names the table with a visually hidden caption and scopes every header to its column', () => {
    const html = render({ caption: 'Fruit in the bowl', columns: COLUMNS, rows: FRUIT, rowKey: (f) => f.id });
    expect(html).toContain('<div class="table-wrap"><table class="table"><caption class="visually-hidden">Fruit in the bowl</caption>');
    expect(html).toContain(
      '<thead><tr><th scope="col">Fruit</th><th scope="col" class="cell-numeric">How many</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>',
    );
    expect(html).not.toContain('aria-label');
  });

  it('renders one row per item, each cell with its phone label and class', () => {
    const html = render({ caption: 'Fruit', columns: COLUMNS, rows: FRUIT, rowKey: (f) => f.id, rowClassName: (f) => (f.count > 10 ? 'row-bad' : undefined) });
    expect(html).toContain(
      '<tr><td data-label="Fruit" class="cell-name">Apple</td><td data-label="Count" class="cell-numeric" title="3 Apple">3</td><td class="cell-actions"><button type="button">Eat Apple</button></td></tr>',
    );
    expect(html).toContain('<tr class="row-bad"><td data-label="Fruit" class="cell-name">Pear</td>');
    expect(html.match(/<tr/g)).toHaveLength(3);
  });

  it('uses an aria-label instead of a caption, and keeps an extra table class', () => {
    const html = render({ ariaLabel: 'Fruit', className: 'table-audit', columns: COLUMNS, rows: FRUIT, rowKey: (f) => f.id });
    expect(html).toContain('<table class="table table-audit" aria-label="Fruit">');
    expect(html).not.toContain('<caption');
  });

  it('shows the empty state instead of a table without rows, and an empty table when there is none', () => {
    const empty = createElement('p', { className: 'panel panel-empty muted' }, 'No fruit.');
    expect(render({ caption: 'Fruit', columns: COLUMNS, rows: [], rowKey: (f) => f.id, empty })).toBe('<p class="panel panel-empty muted">No fruit.</p>');
    expect(render({ caption: 'Fruit', columns: COLUMNS, rows: FRUIT, rowKey: (f) => f.id, empty })).not.toContain('No fruit.');
    expect(render({ caption: 'Fruit', columns: COLUMNS, rows: [], rowKey: (f) => f.id })).toContain('<tbody></tbody>');
  });
});
