/**
 * Structured logging. Callers pass only non-personal fields: never an email, a name, an IP
 * or a URL that may carry a token. Workers Observability collects these lines.
 */
type Level = 'info' | 'warn' | 'error'

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, event, ...fields })
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}
