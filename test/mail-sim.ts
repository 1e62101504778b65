/**
 * A queue, a clock and a mail provider to run the mail consumer through faults that last
 * hours, in milliseconds: the queue delivers batches of up to 100 as Cloudflare Queues do (a
 * retried message comes back after its delay, a batch whose consumer throws comes back whole
 * except what it acked, and a message past `maxRetries` goes to the dead-letter queue); the
 * provider keeps idempotency keys as Resend does and can be down, rate-limiting or refusing
 * an address.
 */
import { env } from 'cloudflare:test'
import { type DeliveryDeps, deliverMail, Pacer } from '../src/jobs/mail-delivery.ts'
import { type Mail, MailError, type MailTransport } from '../src/lib/mail/index.ts'
import type { MailMessage } from '../src/lib/mail/queue.ts'

export class Clock {
  t = Date.now()
  now = () => this.t
  sleep = async (ms: number) => {
    this.t += ms
  }
}

interface Item {
  id: string
  body: MailMessage
  visibleAt: number
  attempts: number
}

export class SimQueue {
  items: Item[] = []
  dead: MailMessage[] = []
  private seq = 0
  /** When false, sends vanish (the Worker was killed before its queue send). */
  accepting = true

  private readonly clock: Clock
  private readonly maxRetries: number

  constructor(clock: Clock, maxRetries = 100) {
    this.clock = clock
    this.maxRetries = maxRetries
  }

  private add(body: MailMessage, delaySeconds = 0) {
    if (!this.accepting) return
    this.seq += 1
    this.items.push({
      id: `m${this.seq}`,
      body,
      visibleAt: this.clock.t + delaySeconds * 1000,
      attempts: 1,
    })
  }

  async send(body: MailMessage, options?: { delaySeconds?: number }) {
    this.add(body, options?.delaySeconds)
  }

  async sendBatch(messages: Iterable<{ body: MailMessage }>, options?: { delaySeconds?: number }) {
    for (const m of messages) this.add(m.body, options?.delaySeconds)
  }

  /** As the binding, for an env. */
  get binding(): Queue<MailMessage> {
    return this as unknown as Queue<MailMessage>
  }

  /** Delivers what is visible now, in batches of up to 100; false when nothing was. */
  async deliverOnce(consume: (batch: MessageBatch<MailMessage>) => Promise<void>) {
    const visible = this.items.filter((i) => i.visibleAt <= this.clock.t).slice(0, 100)
    if (visible.length === 0) return false
    this.items = this.items.filter((i) => !visible.includes(i))
    const settled = new Map<Item, { retry: number | null }>()
    const messages = visible.map((item) => ({
      id: item.id,
      timestamp: new Date(this.clock.t),
      body: item.body,
      attempts: item.attempts,
      ack: () => settled.set(item, { retry: null }),
      retry: (o?: { delaySeconds?: number }) => settled.set(item, { retry: o?.delaySeconds ?? 30 }),
    }))
    const batch = {
      queue: 'standwith-mail',
      messages,
      ackAll: () => {
        for (const item of visible) settled.set(item, { retry: null })
      },
      retryAll: (o?: { delaySeconds?: number }) => {
        for (const item of visible) settled.set(item, { retry: o?.delaySeconds ?? 30 })
      },
    } as unknown as MessageBatch<MailMessage>
    let threw = false
    try {
      await consume(batch)
    } catch {
      threw = true
    }
    for (const item of visible) {
      const s = settled.get(item)
      // A consumer that threw gets back everything it did not settle explicitly.
      const retry = s ? s.retry : threw ? 30 : null
      if (retry === null) continue
      if (item.attempts > this.maxRetries) {
        this.dead.push(item.body)
        continue
      }
      this.items.push({
        ...item,
        attempts: item.attempts + 1,
        visibleAt: this.clock.t + retry * 1000,
      })
    }
    return true
  }

  /** Runs the consumer until the queue is empty, moving the clock to each next delivery. */
  async drain(consume: (batch: MessageBatch<MailMessage>) => Promise<void>, maxSteps = 10_000) {
    for (let step = 0; step < maxSteps && this.items.length > 0; step++) {
      if (!(await this.deliverOnce(consume))) {
        this.clock.t = Math.min(...this.items.map((i) => i.visibleAt))
      }
    }
  }
}

export interface ProviderCall {
  at: number
  key: string
  to: string[]
  status: number
}

/**
 * A provider like Resend: a call under a key it has already accepted is answered as before and
 * delivers nothing again. `answer` decides each call's status from the time and the mails.
 */
export class FakeProvider {
  calls: ProviderCall[] = []
  delivered = new Map<string, number>()
  mails: Mail[] = []
  private accepted = new Set<string>()
  answer: (at: number, mails: Mail[]) => number = () => 200
  retryAfter: number | null = null

  private readonly clock: Clock

  constructor(clock: Clock) {
    this.clock = clock
  }

  private call(mails: Mail[], key: string) {
    const at = this.clock.t
    if (this.accepted.has(key)) {
      this.calls.push({ at, key, to: mails.map((m) => m.to), status: 200 })
      return
    }
    const status = this.answer(at, mails)
    this.calls.push({ at, key, to: mails.map((m) => m.to), status })
    if (status >= 300) throw new MailError(status, status === 429 ? this.retryAfter : null)
    this.accepted.add(key)
    for (const m of mails) {
      this.delivered.set(m.to, (this.delivered.get(m.to) ?? 0) + 1)
      this.mails.push(m)
    }
  }

  get transport(): MailTransport {
    return {
      send: async (mail) => this.call([mail], mail.idempotencyKey),
      sendBatch: async (mails, key) => this.call(mails, key),
    }
  }

  /** How many times each of these addresses got its mail. */
  countsFor(emails: string[]): number[] {
    return emails.map((e) => this.delivered.get(e) ?? 0)
  }
}

/** A queue, clock and provider wired to the consumer, with an env whose MAIL_QUEUE is the queue. */
export function simulation(options: { maxRetries?: number } = {}) {
  const clock = new Clock()
  const queue = new SimQueue(clock, options.maxRetries)
  const provider = new FakeProvider(clock)
  const simEnv = { ...env, MAIL_QUEUE: queue.binding, MAIL_RATE_PER_SECOND: '5' }
  const deps: DeliveryDeps = {
    transport: provider.transport,
    now: clock.now,
    sleep: clock.sleep,
    pacer: new Pacer(),
  }
  const consume = (batch: MessageBatch<MailMessage>, e: typeof simEnv = simEnv) =>
    deliverMail(batch, e, deps)
  return { clock, queue, provider, env: simEnv, deps, consume }
}
