/** Small helpers for workerd tests: requests to the Worker, as a browser or an API client would. */
import { exports } from 'cloudflare:workers'

export const ORIGIN = 'http://localhost:8787'

/** Sends a request to the Worker's default export. */
export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init))
}

export async function getJson<T = Record<string, unknown>>(path: string, init?: RequestInit) {
  const res = await fetchWorker(path, init)
  return { res, body: (await res.json()) as T }
}

export const SEEDED_SLUGS = [
  'azimzhan-askarov',
  'farid-tukhbatullin',
  'surat-ikramov',
  'central-asian-governments',
  'international-solidarity',
] as const
