/** Formats rows as aligned columns; numbers (and money) right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = headers.map(
    (_, column) => rows.length > 0 && rows.every((row) => /^[-$]?[\d.,]+%?$|^-$/.test(row[column] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Formats rows as RFC 4180 CSV. */
export function formatCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${[headers, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

/** USD with four decimals, from micro-USD. */
export function usd(micros: number): string {
  return `$${(micros / 1_000_000).toFixed(4)}`;
}
