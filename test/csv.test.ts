import { describe, expect, it } from 'vitest'
import { CRLF, CSV_BOM, csvCell, csvRow, neutraliseFormula, quoteField } from '../src/domain/csv.ts'

describe('neutraliseFormula', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\tinjected', "'\tinjected"],
    ['\rinjected', "'\rinjected"],
    ['=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'],
  ])('prefixes a quote to %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output)
  })

  it.each(['Ada Lovelace', 'a=b', 'x-y', "'quoted", '', ' =1', 'Азимжан Аскаров'])(
    'leaves %j alone',
    (input) => {
      expect(neutraliseFormula(input)).toBe(input)
    },
  )
})

describe('quoteField', () => {
  it('quotes fields with a comma, a quote, CR or LF and doubles the quotes', () => {
    expect(quoteField('a,b')).toBe('"a,b"')
    expect(quoteField('say "hi"')).toBe('"say ""hi"""')
    expect(quoteField('line\nbreak')).toBe('"line\nbreak"')
    expect(quoteField('cr\rhere')).toBe('"cr\rhere"')
    expect(quoteField('plain')).toBe('plain')
  })
})

describe('csvCell and csvRow', () => {
  it('writes numbers as they are, null as empty, text neutralised then quoted', () => {
    expect(csvCell(12)).toBe('12')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell('=1,2')).toBe(`"'=1,2"`)
    expect(csvCell('-"x"')).toBe(`"'-""x"""`)
    expect(csvCell('@a\nb')).toBe(`"'@a\nb"`)
  })

  it('ends every record with CRLF', () => {
    expect(csvRow(['a', 1, null, 'b c'])).toBe(`a,1,,b c${CRLF}`)
    expect(csvRow([])).toBe(CRLF)
  })

  it('keeps names in every script byte for byte', () => {
    const names = [
      'Ғалымжан Әбілқайыров',
      'Oʻgʻiloy Xoʻjayeva',
      'Sähra Baýramowa',
      'Азимжан Аскаров',
      'Фарид Тухбатуллин',
    ]
    expect(csvRow(names)).toBe(`${names.join(',')}\r\n`)
    expect(csvCell('Аскаров, Азимжан')).toBe('"Аскаров, Азимжан"')
  })

  it('exports the BOM as U+FEFF (EF BB BF in UTF-8)', () => {
    expect([...new TextEncoder().encode(CSV_BOM)]).toEqual([0xef, 0xbb, 0xbf])
  })
})
