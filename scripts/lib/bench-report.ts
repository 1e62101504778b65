/** The targets of PRODUCT.md "Speed", checked against a bench run, and the table people read. */
import { median, round } from './bench-load.ts'

export interface ScenarioResult {
  rps: number | null
  p50: number | null
  p99: number | null
  non2xx?: number
  errors?: number
  statusCodes?: Record<string, number>
  /** workerd CPU time per response, in ms (median of the rounds). */
  cpuMsPerResponse?: number
  skipped?: string
}

export interface Target {
  target: string
  value: number | boolean | null
  threshold: string
  met: boolean
  note?: string
}

/** Growth of workerd's resident memory over the whole export that still counts as flat. */
export const FLAT_MEMORY_GROWTH_MB = 64

export function ratio(a: ScenarioResult | undefined, b: ScenarioResult | undefined) {
  if (!a || !b || a.rps === null || b.rps === null || !b.rps) return null
  return round(a.rps / b.rps, 3)
}

/**
 * The median over rounds of a/b within each round: runs of one round are next to each other,
 * so they share the machine's speed at that moment, which drifts between rounds here.
 */
export function pairedRatio(
  a: { rps: number }[] | undefined,
  b: { rps: number }[] | undefined,
): number | null {
  if (!a || !b) return null
  const each = a.flatMap((run, i) => {
    const base = b[i]?.rps
    return base ? [run.rps / base] : []
  })
  if (each.length === 0) return null
  return round(median(each), 3)
}

function atLeast(name: string, value: number | null, min: number, unit = ''): Target {
  return {
    target: name,
    value,
    threshold: `>= ${min}${unit}`,
    met: value !== null && value >= min,
    ...(value === null ? { note: 'not measured' } : {}),
  }
}

function below(name: string, value: number | null, max: number, unit: string): Target {
  return {
    target: name,
    value,
    threshold: `< ${max} ${unit}`,
    met: value !== null && value < max,
    ...(value === null ? { note: 'not measured' } : {}),
  }
}

function atMost(name: string, value: number | null, max: number, unit: string): Target {
  return {
    target: name,
    value,
    threshold: `<= ${max} ${unit}`,
    met: value !== null && value <= max,
    ...(value === null ? { note: 'not measured' } : {}),
  }
}

export interface Measured {
  scenarios: Record<string, ScenarioResult>
  ratios: Record<string, number | null>
  perSignature: {
    rowsWritten: number | null
    rowsWrittenBy: { signing: number | null; mail: number | null }
  }
  mailedOnce: boolean
  sizes: { embedJsGzip: number | null; embedDocGzip: number | null }
  widgetThirdParty: string[] | null
  export: {
    rows: number
    expectedRows: number
    growthMB: number
  } | null
  tallies: { ms: number } | null
}

export function targets(m: Measured): Record<string, Target> {
  const exp = m.export
  const widgetClean = m.widgetThirdParty === null ? null : m.widgetThirdParty.length === 0
  return {
    signVsHello: atLeast('signing rps vs bare worker', m.ratios.signVsHello ?? null, 0.35),
    pageVsStatic: atLeast(
      'cached page rps vs the same bytes with no code',
      m.ratios.pageVsStatic ?? null,
      0.8,
    ),
    // Every D1 row written a signature, the mail consumer's included: 5 B-tree rows for the
    // signature, 3 when its mail is marked sent with its link hashes, and a share of its
    // group's tally upsert (D1 counts an upsert that updates as 2). test/queries.guard.test.ts
    // pins the same.
    rowsPerSignature: {
      ...atMost(
        'D1 rows written a signature, its mail marked sent included',
        m.perSignature.rowsWritten,
        9,
        'rows',
      ),
      note: `signing ${m.perSignature.rowsWrittenBy.signing ?? '-'}, mail ${m.perSignature.rowsWrittenBy.mail ?? '-'}`,
    },
    mailedOnce: {
      target: 'every bench signature mailed exactly once',
      value: m.mailedOnce,
      threshold: 'true',
      met: m.mailedOnce,
    },
    loaderGzip: atMost('embed.js gzipped', m.sizes.embedJsGzip, 2048, 'B'),
    widgetGzip: atMost('widget document gzipped', m.sizes.embedDocGzip, 15360, 'B'),
    widgetNoThirdParty: {
      target: 'widget document makes no third-party request',
      value: widgetClean,
      threshold: 'no absolute URL to another host in src/href/url()',
      met: widgetClean === true,
      ...(widgetClean === null
        ? { note: 'not measured' }
        : widgetClean
          ? {}
          : { note: m.widgetThirdParty!.join(' ') }),
    },
    tallies: below('admin tallies of the big campaign (median)', m.tallies?.ms ?? null, 50, 'ms'),
    exportFlatMemory: {
      target: 'CSV export streamed with flat memory',
      value: exp ? exp.growthMB : null,
      threshold: `all rows, workerd RSS growth < ${FLAT_MEMORY_GROWTH_MB} MB`,
      met: exp !== null && exp.rows >= exp.expectedRows && exp.growthMB < FLAT_MEMORY_GROWTH_MB,
      ...(exp === null
        ? { note: 'not measured' }
        : exp.rows < exp.expectedRows
          ? { note: `only ${exp.rows} of ${exp.expectedRows} rows` }
          : {}),
    },
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows
    .map((r, k) => {
      const line = r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')
      return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
    })
    .join('\n')
}

const show = (v: unknown) => (v === null || v === undefined ? '-' : String(v))

export function printReport(
  scenarios: Record<string, ScenarioResult>,
  t: Record<string, Target>,
  connections: number,
): string {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms', 'non-2xx', 'errors', 'statuses']
  const lines = Object.entries(scenarios).map(([name, s]) =>
    s.skipped
      ? [name, 'skipped', '', '', '', '', '', s.skipped]
      : [
          name,
          show(s.rps),
          show(s.p50),
          show(s.p99),
          show(s.cpuMsPerResponse),
          show(s.non2xx),
          show(s.errors),
          Object.entries(s.statusCodes ?? {})
            .map(([code, n]) => `${code}:${n}`)
            .join(' '),
        ],
  )
  const targetLines = Object.values(t).map((x) => [
    x.met ? 'met' : 'NOT met',
    x.target,
    show(x.value),
    x.threshold,
    x.note ?? '',
  ])
  return [
    `Throughput at ${connections} connections (median of the rounds):`,
    table([head, ...lines]),
    '',
    'Targets (PRODUCT.md "Speed"):',
    table([['', 'target', 'value', 'threshold', 'note'], ...targetLines]),
  ].join('\n')
}
