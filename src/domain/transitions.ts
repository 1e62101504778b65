/**
 * Signature states and the moves between them. Only `confirmed` counts.
 *
 *   pending ──confirm──▶ confirmed
 *   held ──approve──▶ confirmed (email already confirmed) | pending
 *   pending|held|confirmed ──invalidate──▶ invalidated ──revert──▶ previous state
 *   any but removed ──remove──▶ removed (personal data erased)
 */
import type { SignatureState } from '../db/schema.ts'

export type SignatureEvent = 'confirm' | 'approve' | 'reject' | 'invalidate' | 'remove'

const moves: Record<SignatureEvent, Partial<Record<SignatureState, SignatureState>>> = {
  confirm: { pending: 'confirmed' },
  approve: { held: 'pending' },
  reject: { held: 'invalidated' },
  invalidate: { pending: 'invalidated', confirmed: 'invalidated', held: 'invalidated' },
  remove: {
    pending: 'removed',
    confirmed: 'removed',
    held: 'removed',
    invalidated: 'removed',
  },
}

/** The state after `event`, or null when the event does not apply in `state`. */
export function nextState(state: SignatureState, event: SignatureEvent): SignatureState | null {
  return moves[event][state] ?? null
}
