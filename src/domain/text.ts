/** Rules for free text people type: what we refuse, so nothing hidden reaches a page or a file. */

/**
 * C0/C1 control characters (tab and newline are allowed only where `multiline`), bidi
 * embedding/override/isolate controls (which can disguise a name), and noncharacters.
 * Letters of every script pass untouched: names must round-trip exactly.
 */
// Built from strings so the pattern reads as the code points it names.
const BIDI_AND_NONCHARACTERS = '\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\ufffe\\uffff'
const FORBIDDEN_SINGLE_LINE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f${BIDI_AND_NONCHARACTERS}]`,
)
const FORBIDDEN_MULTILINE = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_AND_NONCHARACTERS}]`,
)

export function hasForbiddenCharacters(text: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_SINGLE_LINE).test(text)
}

/** Length as people count it (code points, not UTF-16 units). */
export function visibleLength(text: string): number {
  return [...text].length
}
