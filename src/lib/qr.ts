/** QR codes as SVG, made on the server (the delivery pack links the verification page). */
import encodeQR from 'qr'

/**
 * An SVG QR code of `text`, labelled for assistive technology. Medium error correction: a
 * printed, folded or photocopied pack still scans.
 */
export function qrSvg(text: string, label: string): string {
  const svg = encodeQR(text, 'svg', { ecc: 'medium', border: 2, optimize: true })
  const safe = label.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${safe}" `)
}
