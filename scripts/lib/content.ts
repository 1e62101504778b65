/** Reads campaign content files from disk (Node side). */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ContentFile, parseContentFile } from '../../src/domain/content.ts'

/** The reviewed content files: `campaigns/*.json` (drafts under `campaigns/drafts/` are not). */
export function reviewedContentFiles(dir = 'campaigns'): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f))
}

export function readContentFile(path: string): ContentFile {
  return parseContentFile(JSON.parse(readFileSync(path, 'utf8')), path)
}
