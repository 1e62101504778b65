/**
 * Every user-facing string lives in a catalogue (`src/i18n/`), so a new language is a file,
 * not a hunt: no English words in JSX text or in the text attributes people read (labels,
 * titles, placeholders, alt text) of `src/views` and `src/routes`, and no inline
 * `lang === 'ru'` choices of text. Pragmatic: it reads the TypeScript syntax tree, and the few
 * words that are the same in every language are allowed below.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIRS = ['src/views', 'src/routes']

/**
 * Text that reads the same in every language (names, codes), and the honeypot field's label,
 * which only bots see (the field is hidden from people and from assistive technology).
 */
const ALLOWED = ['standwith', 'English', 'Русский', 'JSON', 'CSV', 'SHA-256', 'Ed25519', 'Website']

/** Attributes a person reads or hears. */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'title',
  'placeholder',
  'alt',
  'label',
  'value',
  'legend',
  'hint',
])

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

/** Has a Latin word of two letters or more, once the allowed words are taken out. */
function isEnglish(text: string): boolean {
  return /[A-Za-z]{2,}/.test(ALLOWED.reduce((rest, word) => rest.split(word).join(' '), text))
}

/** Text inside `<code>` is an identifier or a path, and so is a bare path like `/privacy`. */
function isCode(node: ts.JsxText, source: ts.SourceFile): boolean {
  const parent = node.parent
  if (ts.isJsxElement(parent) && parent.openingElement.tagName.getText(source) === 'code') {
    return true
  }
  return /^\/[\w/.-]*$/.test(node.text.trim())
}

interface Finding {
  where: string
  text: string
}

function hardCoded(path: string): Finding[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(join(ROOT, path), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: Finding[] = []
  const at = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart())
    return `${relative(ROOT, join(ROOT, path))}:${line + 1}`
  }
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isEnglish(node.text) && !isCode(node, source)) {
      found.push({ where: at(node), text: node.text.trim() })
    } else if (
      ts.isJsxAttribute(node) &&
      READ_ATTRIBUTES.has(node.name.getText(source)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      isEnglish(node.initializer.text) &&
      // A form value that is a machine word ("approve", "on"), not text.
      !(node.name.getText(source) === 'value' && /^[a-z-]+$/.test(node.initializer.text))
    ) {
      found.push({ where: at(node), text: node.initializer.text })
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
      /^lang$|\.lang$/.test(node.left.getText(source)) &&
      ts.isStringLiteral(node.right)
    ) {
      found.push({ where: at(node), text: node.getText(source) })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('user-facing text lives in the catalogues', () => {
  for (const dir of DIRS) {
    it(`${dir} has no hard-coded English in JSX and no inline language checks`, () => {
      const found = files(dir).flatMap(hardCoded)
      assert.deepEqual(
        found.map((f) => `${f.where}: ${f.text}`),
        [],
        'move these strings to src/i18n/en.ts (and every other catalogue)',
      )
    })
  }

  it('finds what it is meant to find (the check itself)', () => {
    const sample = join('test', 'fixtures', 'i18n-hard-coded.tsx')
    const found = hardCoded(sample).map((f) => f.text)
    assert.deepEqual(found, ['Pack', 'Delivered to', "props.lang === 'ru'"])
  })
})
