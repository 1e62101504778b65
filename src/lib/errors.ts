/** Errors with a status and a stable code; `app.onError` turns them into the API's error shape. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface FieldIssue {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly issues?: FieldIssue[]
  readonly headers?: Record<string, string>

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    issues?: FieldIssue[],
    headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.issues = issues
    this.headers = headers
  }

  toJSON() {
    return {
      error: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
    }
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `No such ${what}.`)
