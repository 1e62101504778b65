/**
 * Whether two names are the same person's, compared leniently: case, diacritics and the usual
 * transliteration differences (kh/h, w/v, y/i), and up to two edits. The importer's evaluation
 * (scripts/importer-eval.ts) and its tests score found names against expected ones with it.
 */

/** A name reduced to what its transliterations share. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ʻʼ'’`-]/g, '')
    .replace(/kh/g, 'h')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/\s+/g, ' ')
    .trim()
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return row[b.length]!
}

/** The same name within two edits of their keys; `key` may reduce names further first. */
export function sameName(a: string, b: string, key: (name: string) => string = nameKey): boolean {
  return editDistance(key(a), key(b)) <= 2
}
