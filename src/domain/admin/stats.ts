/**
 * Figures for the dashboard, from the kept `day` tallies only (never a scan of signatures).
 *
 * "Last 24 hours" without hourly counters: all of today (UTC) so far, plus the part of
 * yesterday that lies within the last 24 hours, assuming yesterday's signatures were spread
 * evenly over it. At 18:00 UTC that is today + yesterday × 6/24. It is exact at midnight and
 * an estimate otherwise, which is why the dashboard shows it with "≈" beside today and
 * yesterday's exact counts.
 */
import { utcDay } from '../ip.ts'

const DAY_MS = 24 * 3600 * 1000

export function last24h(
  byDay: Record<string, number>,
  now: number,
): {
  today: number
  yesterday: number
  estimate: number
} {
  const today = byDay[utcDay(now)] ?? 0
  const yesterday = byDay[utcDay(now - DAY_MS)] ?? 0
  const elapsed = (now % DAY_MS) / DAY_MS
  return { today, yesterday, estimate: Math.round(today + yesterday * (1 - elapsed)) }
}

/** The last `days` UTC days ending today, oldest first, with zero for days without a tally. */
export function dailySeries(
  byDay: Record<string, number>,
  now: number,
  days = 30,
): { day: string; n: number }[] {
  const out: { day: string; n: number }[] = []
  for (let i = days - 1; i >= 0; i--) {
    const day = utcDay(now - i * DAY_MS)
    out.push({ day, n: byDay[day] ?? 0 })
  }
  return out
}

/** The first day of a series of `days` days ending today (for the tally query's bound). */
export function seriesStart(now: number, days = 30): string {
  return utcDay(now - (days - 1) * DAY_MS)
}
