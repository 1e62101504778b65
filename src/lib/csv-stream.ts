/**
 * A CSV file as a byte stream, produced one page of records at a time as the client reads
 * (pull-based: a slow client slows the queries, memory stays at about one page), and hashed as
 * it goes so its SHA-256 is known the moment the last byte is produced.
 */
import { createHash } from 'node:crypto'
import { CSV_BOM, type CsvValue, csvRow } from '../domain/csv.ts'
import { log } from './log.ts'

export interface CsvStreamEnd {
  /** SHA-256 of every byte of the file (BOM included), lowercase hex. */
  digest: string
  rows: number
  bytes: number
}

export interface CsvStreamOptions {
  header: readonly string[]
  /** The next page of records; null when there are no more. */
  next: () => Promise<CsvValue[][] | null>
  /**
   * Runs after the last record and before the stream closes, so a client that has the whole
   * file can rely on what this records (the proof). Its failure is logged, not thrown: the
   * file itself is complete.
   */
  onEnd: (end: CsvStreamEnd) => Promise<void>
  /** For log lines: which export this is (no personal data). */
  label: string
}

const enc = new TextEncoder()

export function csvStream(opts: CsvStreamOptions): ReadableStream<Uint8Array> {
  const hash = createHash('sha256')
  let rows = 0
  let bytes = 0
  let started = false
  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    const chunk = enc.encode(text)
    hash.update(chunk)
    bytes += chunk.byteLength
    controller.enqueue(chunk)
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true
          emit(controller, CSV_BOM + csvRow(opts.header))
          return
        }
        // Loop past empty pages (every row skipped): a pull that enqueues nothing may not be
        // called again, which would leave the reader waiting forever.
        for (;;) {
          const page = await opts.next()
          if (page === null) {
            try {
              await opts.onEnd({ digest: hash.digest('hex'), rows, bytes })
            } catch (err) {
              log('error', 'export.proof_failed', { export: opts.label, error: String(err) })
            }
            controller.close()
            return
          }
          rows += page.length
          if (page.length) {
            emit(controller, page.map(csvRow).join(''))
            return
          }
        }
      } catch (err) {
        log('error', 'export.failed', { export: opts.label, rows, error: String(err) })
        controller.error(err)
      }
    },
    cancel() {
      log('info', 'export.cancelled', { export: opts.label, rows })
    },
  })
}
