/** Splits PDF-extracted release text into paragraphs, list items and sentences. */

export interface Block {
  index: number
  /** The block's lines, trimmed, blank lines dropped. */
  lines: string[]
  /** The lines joined into running text. */
  text: string
}

export interface Sentence {
  index: number
  block: number
  /** Whitespace normalised, line-end hyphenation undone, list marker removed. */
  text: string
  /** A list item, or the line introducing a list ("… include:"). */
  list: 'item' | 'lead' | null
  /** Character ranges of `text` inside quotation marks. */
  quoted: [number, number][]
}

export interface ReleaseDocument {
  blocks: Block[]
  sentences: Sentence[]
}

// Words a line-end hyphen belongs to: "pre-\ntrial" stays "pre-trial", "con-\ndition" is "condition".
const KEEP_HYPHEN = new Set([
  'pre',
  'post',
  'non',
  'anti',
  'co',
  'self',
  'ex',
  'well',
  'long',
  'half',
  'cross',
  'counter',
  'inter',
  'multi',
  'semi',
  'so',
  'far',
  'high',
  'low',
  'full',
  'part',
  'short',
])

const LIST_MARKER =
  /^(?:[•●▪◦‣∙·*◼■◾□]|[-–—](?=\s)|\(?\d{1,2}[.)](?=\s)|\(?(?:[a-h]|[ivx]{1,4})[.)](?=\s))\s*/

/** Abbreviations a full stop does not end a sentence after (compared lower-case, inner dots kept). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'no',
  'nos',
  'vs',
  'e.g',
  'i.e',
  'cf',
  'approx',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'maj',
  'rev',
  'hon',
  'sen',
  'rep',
  'gov',
  'pres',
  'art',
  'arts',
  'para',
  'fig',
  'vol',
  'ed',
  'eds',
  'corp',
  'inc',
  'ltd',
  'jr',
  'sr',
  'h.e',
  'u.n',
  'u.s',
  'u.k',
  'e.u',
  'pp',
  'dept',
  'tel',
  'ref',
])

/** One text, one kind of space: the characters PDF extraction leaves behind become plain spaces. */
export function cleanRaw(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00AD/g, '')
    .replace(/[\u200B\u2060\uFEFF]/g, '')
    .replace(/[\t\v\f\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, ' ')
}

/** Collapses runs of space and removes the stray space PDF text puts before punctuation. */
export function normaliseSpace(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ([,;:.!?)\]])(?=\s|$|["”’])/g, '$1')
    .replace(/([([]) /g, '$1')
    .trim()
}

/**
 * Rule "sentences run together": some stores drop the space after a full stop ("this
 * week.A criminal court", "North Africa.”The authorities should"). A full stop after a lower-case
 * word and before a capitalised word ends a sentence; a closing mark there closes an open
 * quotation, or else opens the next one (the store wrote “ as ”).
 */
export function separateRunTogether(text: string): string {
  let open = false
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '“' || c === '«') open = true
    else if (c === '”' || c === '»') {
      const glued = /[.!?]$/.test(out) && /^\p{Lu}\p{Ll}/u.test(text.slice(i + 1, i + 3))
      if (glued && !open) {
        out += ' “'
        open = true
        continue
      }
      open = false
      out += c
      if (glued) out += ' '
      continue
    }
    out += c
    if (
      c === '.' &&
      /(?:^|[\s(])\p{Ll}{2,}\.$/u.test(out.slice(-30)) &&
      /^\p{Lu}\p{Ll}/u.test(text.slice(i + 1, i + 3))
    ) {
      out += ' '
    }
  }
  return out
}

/** Joins a paragraph's lines into running text, undoing hyphenation at line ends. */
export function joinLines(lines: string[]): string {
  let out = ''
  for (const line of lines) {
    if (!out) {
      out = line
      continue
    }
    const hyphenated = /([\p{L}]+)-$/u.exec(out)
    if (hyphenated && /^\p{Ll}/u.test(line)) {
      const keep = KEEP_HYPHEN.has(hyphenated[1]!.toLowerCase())
      out = keep ? out + line : out.slice(0, -1) + line
    } else if (hyphenated && /^\p{Lu}/u.test(line)) {
      out += line // a compound broken at its own hyphen: "Jalal-\nAbad"
    } else {
      out += ` ${line}`
    }
  }
  return normaliseSpace(separateRunTogether(out))
}

/**
 * Paragraphs. PDF text is often double-spaced (every line followed by a blank line); there a
 * paragraph ends only at two or more blank lines.
 */
export function blocksOf(raw: string): Block[] {
  const lines = cleanRaw(raw)
    .split('\n')
    .map((l) => l.trim())
  const blank = (i: number) => i >= lines.length || lines[i] === ''
  let adjacent = 0
  let spaced = 0
  let brokenMidSentence = 0
  for (let i = 0; i < lines.length; i++) {
    if (blank(i)) continue
    if (!blank(i + 1)) adjacent++
    else if (blank(i + 1) && !blank(i + 2) && i + 2 < lines.length) {
      // Headings and signatures are short; only long lines show where the text wraps.
      if (lines[i]!.length >= 50) {
        spaced++
        // A heading in capitals ("WOMAN HUMAN RIGHTS DEFENDER DETAINED") ends without a stop too.
        if (!/[.!?:;,"”’)]$/.test(lines[i]!) && /\p{Ll}/u.test(lines[i]!)) brokenMidSentence++
      }
    }
  }
  // Double spacing, not one paragraph per line: the single blank lines fall mid-sentence.
  const doubleSpaced = spaced >= 3 && spaced > adjacent && brokenMidSentence >= spaced / 2
  const threshold = doubleSpaced ? 2 : 1
  // Rule "lines as paragraphs": a store that keeps no blank line at all writes one paragraph a
  // line; there each line that ends a sentence ends its paragraph (a headline runs into the body
  // otherwise, and an unclosed quotation mark into every paragraph after it).
  const filled = lines.filter((l) => l !== '')
  const linesAreParagraphs =
    filled.length >= 4 &&
    !lines
      .slice(lines.indexOf(filled[0]!), lines.lastIndexOf(filled[filled.length - 1]!))
      .includes('') &&
    filled.filter((l) => /[.!?"”’)]$/.test(l)).length >= 0.6 * filled.length
  const blocks: Block[] = []
  let current: string[] = []
  let blanks = 0
  const close = () => {
    if (current.length) {
      blocks.push({ index: blocks.length, lines: current, text: joinLines(current) })
    }
    current = []
  }
  for (let i = 0; i < lines.length; i++) {
    if (blank(i)) {
      blanks++
      continue
    }
    if (blanks >= threshold) close()
    blanks = 0
    // The headline (the first line) and each line ending a sentence close a paragraph.
    const previous = current[current.length - 1]
    if (
      linesAreParagraphs &&
      previous &&
      !/^\p{Ll}/u.test(lines[i]!) &&
      (blocks.length === 0 || /[.!?"”’)]$/.test(previous))
    ) {
      close()
    }
    current.push(lines[i]!)
  }
  close()
  return splitHeadline(blocks)
}

/** A line that is only a date (and perhaps a time): "September 07, 2013 | 14:14", "14 May 2024". */
const DATE_LINE =
  /^(?:\d{1,2}(?:st|nd|rd|th)?\s+\p{L}+,?\s+\d{4}|\p{L}+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:\s*[|,–—-]?\s*\d{1,2}[:.]\d{2})?$/u

/**
 * Rule "title runs into the body": "Headline\nSeptember 07, 2013 | 14:14\nThe authorities must …"
 * with no blank line: the lines before a date line near the top are the headline, the date is
 * the dateline, and the body starts after it.
 */
function splitHeadline(blocks: Block[]): Block[] {
  const first = blocks[0]
  if (!first || first.lines.length < 3) return blocks
  const at = first.lines.findIndex((l, i) => i > 0 && i <= 4 && DATE_LINE.test(l))
  if (at < 0 || at === first.lines.length - 1) return blocks
  const parts = [first.lines.slice(0, at), [first.lines[at]!], first.lines.slice(at + 1)]
  const head = parts.map((lines) => ({ index: 0, lines, text: joinLines(lines) }))
  return [...head, ...blocks.slice(1)].map((b, index) => ({ ...b, index }))
}

/** Ranges inside quotation marks; an unclosed quote runs to the end, an unopened one from the start. */
function quotedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = []
  let open = -1
  let firstClose = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '“' || c === '«' || (c === '"' && open < 0)) {
      if (open < 0) open = i
    } else if (c === '”' || c === '»' || c === '"') {
      if (open >= 0) {
        ranges.push([open, i + 1])
        open = -1
      } else if (firstClose < 0 && ranges.length === 0) {
        firstClose = i
        ranges.push([0, i + 1])
      }
    }
  }
  if (open >= 0) ranges.push([open, text.length])
  return ranges
}

/** Sentence boundaries in running text, with their offsets. */
export function splitSentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = []
  let start = 0
  const push = (end: number) => {
    const piece = text.slice(start, end)
    const lead = piece.length - piece.trimStart().length
    if (piece.trim()) out.push({ text: piece.trim(), start: start + lead })
    start = end
  }
  for (const m of text.matchAll(/[.!?…]+["”’»)\]]*(?=\s|$)/g)) {
    const end = m.index + m[0].length
    const next = /^\s*(\S)/.exec(text.slice(end))?.[1]
    if (next && !/[\p{Lu}\d“"‘«(•\-–—`']/u.test(next)) continue
    if (m[0] === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(0, m.index))?.[1] ?? ''
      if (ABBREVIATIONS.has(word.toLowerCase())) continue
      if (/^\p{Lu}$/u.test(word)) continue // an initial: "A. Petrova"
    }
    push(end)
  }
  push(text.length)
  return out
}

/** Paragraphs split into list items, then sentences. */
export function parseDocument(raw: string): ReleaseDocument {
  const blocks = blocksOf(raw)
  const sentences: Sentence[] = []
  for (const block of blocks) {
    // A list item starts a new segment even without a blank line before it.
    const segments: { lines: string[]; item: boolean }[] = []
    // Rule "inline bullets": "Please write …: ◼ Release X ◼ Ensure Y" is a list on one line.
    const lines = block.lines.flatMap((l) => l.split(/\s+(?=[•●▪◼■◾]\s)/))
    for (const line of lines) {
      const marker = LIST_MARKER.exec(line)
      if (marker && line.length > marker[0].length) {
        segments.push({ lines: [line.slice(marker[0].length)], item: true })
      } else if (segments.length) {
        segments[segments.length - 1]!.lines.push(line)
      } else {
        segments.push({ lines: [line], item: false })
      }
    }
    for (const segment of segments) {
      const text = joinLines(segment.lines)
      const quotes = quotedRanges(text)
      for (const piece of splitSentences(text)) {
        const end = piece.start + piece.text.length
        const quoted = quotes
          .filter(([a, b]) => a < end && b > piece.start)
          .map(([a, b]): [number, number] => [
            Math.max(a, piece.start) - piece.start,
            Math.min(b, end) - piece.start,
          ])
        sentences.push({
          index: sentences.length,
          block: block.index,
          text: piece.text,
          list: segment.item ? 'item' : null,
          quoted,
        })
      }
    }
  }
  // The sentence just before a list, ending in a colon, introduces it.
  for (let i = 1; i < sentences.length; i++) {
    const prev = sentences[i - 1]!
    if (sentences[i]!.list === 'item' && prev.list === null && prev.text.endsWith(':')) {
      prev.list = 'lead'
    }
  }
  return { blocks, sentences }
}

/** Whether a character range of a sentence lies inside quotation marks. */
export function isQuoted(sentence: Sentence, at: number): boolean {
  return sentence.quoted.some(([a, b]) => at >= a && at < b)
}
