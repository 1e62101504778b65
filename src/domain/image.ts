/** Campaign images: which files we take (by their first bytes, never by a claimed type). */

/** The largest image an editor may upload: a photo for a page and a share card, not an archive. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp'

export const IMAGE_EXTENSIONS: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
}

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b)

/**
 * The image's type from its magic bytes: PNG, JPEG or WebP, else null. A file named `.png`
 * holding HTML or SVG is refused, so nothing served from `/media/` can run script.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  // RIFF....WEBP
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return 'image/webp'
  }
  return null
}
