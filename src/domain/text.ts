/** Rules for free text people type: what we refuse, so nothing hidden reaches a page or a file. */

/**
 * Refused in every text field: C0/C1 control characters (tab and newline are allowed only where
 * `multiline`); bidi embedding/override/isolate controls and the bidi marks (LRM, RLM, ALM),
 * which can disguise a name; line and paragraph separators (U+2028/2029, which end a line in
 * some readers and not others); deprecated and interlinear format controls; the BOM and
 * noncharacters; tag characters (U+E0000 block, invisible text); and lone surrogates (which
 * are not text and would be stored as invalid UTF-8). Letters of every script pass untouched:
 * names must round-trip exactly, and zero-width joiners inside words are kept.
 */
// Built from strings so the pattern reads as the code points it names.
const HIDDEN =
  '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\u206a-\\u206f' +
  '\\ufeff\\ufff9-\\ufffb\\ufffe\\uffff\\u{e0000}-\\u{e007f}\\ud800-\\udfff'
const FORBIDDEN_SINGLE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${HIDDEN}]`, 'u')
const FORBIDDEN_MULTILINE = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${HIDDEN}]`,
  'u',
)

export function hasForbiddenCharacters(text: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_SINGLE_LINE).test(text)
}

/** A letter, digit, punctuation mark or symbol: something a reader sees. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u
/** Letters and symbols that render as nothing (Hangul fillers, the blank Braille pattern). */
const BLANK = /[\u115f\u1160\u3164\uffa0\u2800]/gu

/**
 * Whether text shows anything: a name made only of zero-width characters, combining marks or
 * blank fillers would be an invisible signer.
 */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text.replace(BLANK, ''))
}

/** Length as people count it (code points, not UTF-16 units). */
export function visibleLength(text: string): number {
  return [...text].length
}
