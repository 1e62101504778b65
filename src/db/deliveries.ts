/** Deliveries of a campaign's signatures to an authority: recorded by organisers, shown publicly. */
import { desc, eq } from 'drizzle-orm'
import { type AuditInput, auditInsert } from './admin/audit.ts'
import type { Db } from './client.ts'
import { deliveries } from './schema.ts'

export interface Delivery {
  id: number
  deliveredOn: string
  recipient: string
  count: number
  digest: string
}

/** The query of a campaign's deliveries, most recent first (for a page's batch of reads). */
export function deliveriesQuery(db: Db, campaignId: number) {
  return db
    .select({
      id: deliveries.id,
      deliveredOn: deliveries.deliveredOn,
      recipient: deliveries.recipient,
      count: deliveries.count,
      digest: deliveries.digest,
    })
    .from(deliveries)
    .where(eq(deliveries.campaignId, campaignId))
    .orderBy(desc(deliveries.deliveredOn), desc(deliveries.id))
}

/** A campaign's deliveries, most recent first. */
export function listDeliveries(db: Db, campaignId: number): Promise<Delivery[]> {
  return deliveriesQuery(db, campaignId)
}

/** Records a delivery and its audit row in one batch; returns the stored delivery. */
export async function recordDelivery(
  db: Db,
  who: Pick<AuditInput, 'actor' | 'organisationId'>,
  campaign: { id: number; slug: string },
  d: Omit<Delivery, 'id'>,
): Promise<Delivery> {
  const [inserted] = await db.batch([
    db
      .insert(deliveries)
      .values({ campaignId: campaign.id, ...d })
      .returning({ id: deliveries.id }),
    // The recipient is an authority, not a person at risk: it may be in the audit detail.
    auditInsert(db, {
      ...who,
      action: 'delivery.record',
      subject: campaign.slug,
      detail: {
        deliveredOn: d.deliveredOn,
        recipient: d.recipient,
        count: d.count,
        digest: d.digest,
      },
    }),
  ])
  return { id: inserted[0]?.id ?? 0, ...d }
}
