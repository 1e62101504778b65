/**
 * A per-day bar chart as inline SVG, drawn on the server: no chart service, no script (the CSP
 * allows neither). Colours come from admin.css through classes, as inline styles are refused
 * too. Each bar carries its day and count as a tooltip; the same numbers follow as a table.
 */
import { formatCount } from './layout.tsx'
import { adminText } from './text.ts'

const T = () => adminText().chart

const WIDTH = 600
const HEIGHT = 140
const TOP = 16
const BOTTOM = 20
const GAP = 2

export function DayChart(props: { id: string; label: string; days: { day: string; n: number }[] }) {
  const { id, label, days } = props
  const top = Math.max(0, ...days.map((d) => d.n))
  // Scale to at least 1 so an empty month draws flat bars instead of dividing by zero.
  const max = Math.max(1, top)
  const plot = HEIGHT - TOP - BOTTOM
  const slot = WIDTH / Math.max(1, days.length)
  const total = days.reduce((a, d) => a + d.n, 0)
  const first = days[0]?.day ?? ''
  const last = days.at(-1)?.day ?? ''
  return (
    <figure class="day-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>
          {T().title({ label, total: formatCount(total), first, last, top: formatCount(top) })}
        </title>
        <line class="axis" x1="0" x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
        <text class="tick" x="2" y="11">
          {formatCount(top)}
        </text>
        {days.map((d, i) => {
          const h = Math.round((d.n / max) * plot)
          return (
            <rect
              class={d.n ? 'bar' : 'bar empty'}
              x={(i * slot + GAP / 2).toFixed(1)}
              y={HEIGHT - BOTTOM - Math.max(h, 1)}
              width={(slot - GAP).toFixed(1)}
              height={Math.max(h, 1)}
            >
              <title>{`${d.day}: ${formatCount(d.n)}`}</title>
            </rect>
          )
        })}
        <text class="tick" x="2" y={HEIGHT - 4}>
          {first}
        </text>
        <text class="tick" x={WIDTH - 2} y={HEIGHT - 4} text-anchor="end">
          {last}
        </text>
      </svg>
      <figcaption>
        <CountsTable
          summary={T().numbers(label)}
          heading={T().day}
          rows={days.filter((d) => d.n > 0).map((d) => ({ label: d.day, n: d.n }))}
        />
      </figcaption>
    </figure>
  )
}

/**
 * Confirmed signatures by some key (a day, a country, a partner), in a disclosure: the numbers
 * behind a chart or a card, as a compact table. `name` marks the table, `attrs` a row, for tests
 * and styles.
 */
export function CountsTable(props: {
  summary: string
  heading: string
  rows: { label: string; n: number; attrs?: Record<string, string> }[]
  name?: string
}) {
  return (
    <details>
      <summary>{props.summary}</summary>
      <table class="compact" data-table={props.name}>
        <thead>
          <tr>
            <th scope="col">{props.heading}</th>
            <th scope="col" class="num">
              {T().confirmed}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr {...r.attrs}>
              <td>{r.label}</td>
              <td class="num">{formatCount(r.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
