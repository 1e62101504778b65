/** Deliveries of a campaign's signatures to an authority: recorded by organisers, shown publicly. */
import { desc, eq } from 'drizzle-orm'
import { auditStatement } from './admin/audit.ts'
import { createDb, type Db } from './client.ts'
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
export async function listDeliveries(d1: D1Database, campaignId: number): Promise<Delivery[]> {
  return deliveriesQuery(createDb(d1), campaignId)
}

/** Records a delivery and its audit row in one batch; returns the stored delivery. */
export async function recordDelivery(
  d1: D1Database,
  actor: string,
  campaign: { id: number; slug: string },
  d: Omit<Delivery, 'id'>,
): Promise<Delivery> {
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `insert into deliveries (campaign_id, delivered_on, recipient, count, digest)
        values (?, ?, ?, ?, ?) returning id`,
      )
      .bind(campaign.id, d.deliveredOn, d.recipient, d.count, d.digest),
    // The recipient is an authority, not a person at risk: it may be in the audit detail.
    auditStatement(d1, {
      actor,
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
  const id = (inserted?.results[0] as { id: number } | undefined)?.id ?? 0
  return { id, ...d }
}
