/**
 * CSV cells and rows as RFC 4180 writes them (CRLF, doubled quotes), with spreadsheet formula
 * injection neutralised: a cell a spreadsheet would run as a formula gets a leading quote.
 */

/** Byte order mark: without it Excel opens UTF-8 as a legacy code page and mangles Cyrillic. */
export const CSV_BOM = '\uFEFF'
export const CRLF = '\r\n'

/**
 * What a spreadsheet may read as a formula (or as the start of one, after tab or CR). Some
 * spreadsheets fold the fullwidth forms ＝ ＋ － ＠ (U+FF1D, FF0B, FF0D, FF20) to ASCII on entry.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
/** A comma, or a semicolon (the separator where the decimal mark is a comma), splits a cell. */
const NEEDS_QUOTES = /[",;\r\n]/

/** Prefixes a single quote to text a spreadsheet would evaluate; other text is unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Quotes a field that holds a comma, semicolon, quote, CR or LF, doubling its quotes. */
export function quoteField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export type CsvValue = string | number | null | undefined

/** One cell: numbers as they are, text neutralised then quoted, null as empty. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  return quoteField(neutraliseFormula(value))
}

/** One record, terminated by CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}${CRLF}`
}
