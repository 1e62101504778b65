/**
 * The admin pages in the negotiated language: Russian for `Accept-Language: ru` or `?lang=ru`
 * (then remembered in the cookie), English otherwise, with nothing of the other language left in
 * the pages' own text (their headings, navigation, buttons, table heads and labels).
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { login, postForm, type Session } from './admin-helpers.ts'
import { fetchWorker, freshIp, mailsTo, uniqueEmail } from './helpers.ts'

const PAGES = [
  '/admin',
  '/admin/campaigns',
  '/admin/campaigns/azimzhan-askarov/delivery',
  '/admin/people',
]

/** The text of every element of the page's frame and controls, one string per element. */
const CHROME = [
  'title',
  'h1',
  'h2',
  'h3',
  'nav',
  'button',
  'th',
  'dt',
  'legend',
  'label',
  'summary',
]

function chromeTexts(html: string): string[] {
  const out: string[] = []
  for (const tag of CHROME) {
    for (const m of html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))) {
      const text = m[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#39;/g, "'")
        .replace(/\s+/g, ' ')
      out.push(text.trim())
    }
  }
  return out
}

/**
 * Words that may stay Latin on a Russian page: content typed by people (campaign titles,
 * names, organisations, in any language), the product's name, abbreviations, and the language
 * switch's "English".
 */
let contentWords: Set<string>
const ALLOWED = ['standwith', 'UTC', 'SHA', 'JSON', 'CSV', 'IP', 'API', 'ADMIN_TOKEN']
const SWITCH = ['English', 'Русский']

async function loadContentWords() {
  const rows = await env.DB.prepare(
    `select title as t from campaign_translations union all select name from defender_translations
     union all select name from organisations union all select name from people`,
  ).all<{ t: string }>()
  const words = rows.results.flatMap((r) => r.t.match(/[\p{L}_]+/gu) ?? [])
  contentWords = new Set([...ALLOWED, ...SWITCH, ...words])
}

/** The words in `script` of the page's own text that are not content: the other language left. */
function left(html: string, script: RegExp): string[] {
  return chromeTexts(html).flatMap((text) =>
    (text.replace(/https?:\/\/\S+|localhost:\d+\/\S*/g, '').match(script) ?? [])
      .filter((w) => !contentWords.has(w))
      .map((w) => `${w} (in "${text.slice(0, 80)}")`),
  )
}
const englishLeft = (html: string) => left(html, /[A-Za-z_]{2,}/g)
const russianLeft = (html: string) => left(html, /[А-Яа-яЁё]{2,}/g)

let session: Session
beforeAll(async () => {
  session = await login()
  await loadContentWords()
})

function get(path: string, headers: Record<string, string> = {}) {
  return fetchWorker(path, { headers: { cookie: session.cookie, ...headers } })
}

describe('the admin pages in Russian', () => {
  it.each(PAGES)('%s with Accept-Language: ru is Russian throughout', async (path) => {
    const res = await get(path, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/<html lang="ru">/)
    expect(englishLeft(html)).toEqual([])
  })

  it('says so in the words an organiser looks for', async () => {
    const dashboard = await (await get('/admin', { 'accept-language': 'ru' })).text()
    expect(dashboard).toContain('<h1>Обзор</h1>')
    expect(dashboard).toContain('>Кампании</a>')
    expect(dashboard).toContain('>Список блокировки</a>')
    expect(dashboard).toContain('Пакет для передачи')
    expect(dashboard).toContain('Подтверждено, все кампании')
    expect(dashboard).toContain('>Выйти</button>')
    expect(dashboard).toContain('открыта</span>')
    const people = await (await get('/admin/people', { 'accept-language': 'ru' })).text()
    expect(people).toContain('>Пригласить человека</legend>')
    expect(people).toContain('<option value="editor">редактор</option>')
  })

  it('follows ?lang=ru over an English Accept-Language, and remembers it', async () => {
    const res = await get('/admin/campaigns?lang=ru', { 'accept-language': 'en' })
    const html = await res.text()
    expect(html).toMatch(/<html lang="ru">/)
    expect(html).toContain('<h1>Кампании</h1>')
    expect(englishLeft(html)).toEqual([])
    expect(res.headers.getSetCookie().join('\n')).toMatch(/^lang=ru;/m)
    // The cookie then keeps the next page Russian.
    const next = await fetchWorker('/admin/people', {
      headers: { cookie: `${session.cookie}; lang=ru`, 'accept-language': 'en' },
    })
    expect(await next.text()).toMatch(/<html lang="ru">/)
  })

  it('offers a language switch to this page in English', async () => {
    const html = await (await get('/admin/campaigns', { 'accept-language': 'ru' })).text()
    const nav = html.match(/<nav aria-label="Язык" class="lang-switch">([\s\S]*?)<\/nav>/)?.[1]
    expect(nav).toBeDefined()
    expect(nav).toContain('<span aria-current="true" lang="ru">Русский</span>')
    expect(nav).toContain('href="/admin/campaigns?lang=en"')
  })
})

describe('the admin pages in English', () => {
  it.each(PAGES)('%s stays English without a Russian preference', async (path) => {
    const res = await get(path, { 'accept-language': 'en-GB,en;q=0.9' })
    const html = await res.text()
    expect(html).toMatch(/<html lang="en">/)
    expect(russianLeft(html)).toEqual([])
  })

  it('shows the English words and a switch to Russian', async () => {
    const html = await (await get('/admin?lang=en', { 'accept-language': 'ru' })).text()
    expect(html).toMatch(/<html lang="en">/)
    expect(html).toContain('<h1>Dashboard</h1>')
    expect(html).toContain('>Block list</a>')
    expect(html).toContain('>Log out</button>')
    expect(html).toContain('open</span>')
    expect(html).toContain('href="/admin?lang=ru"')
  })
})

describe('the admin mails in the language of the page that asked', () => {
  async function inviteFrom(lang: 'en' | 'ru') {
    const email = uniqueEmail('organiser')
    const res = await postForm(
      '/admin/people',
      { name: `Organiser ${crypto.randomUUID().slice(0, 6)}`, email, role: 'editor' },
      session,
      { 'accept-language': lang },
    )
    expect(res.status).toBe(303)
    const [mail] = await mailsTo(email)
    return { email, mail: mail! }
  }

  it('an invitation from the Russian people page, and a link asked on the Russian login page', async () => {
    const { email, mail } = await inviteFrom('ru')
    expect(mail.subject).toBe('Ваша ссылка для входа в управление standwith')
    expect(mail.text).toContain('роль: редактор')
    expect(mail.text).toContain('Ссылка действует один раз в течение 15 минут.')
    const asked = await postForm('/admin/login?lang=ru', { email }, null, {
      'cf-connecting-ip': freshIp(),
    })
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('ссылка для входа уже отправлена')
    const mails = await mailsTo(email, { atLeast: 2 })
    expect(mails).toHaveLength(2)
    expect(mails.every((m) => m.subject === mail.subject)).toBe(true)
    expect(mails.some((m) => m.text.startsWith('Кто-то (надеемся, вы) запросил вход'))).toBe(true)
  })

  it('stays English from an English page', async () => {
    const { mail } = await inviteFrom('en')
    expect(mail.subject).toBe('Your sign-in link to the standwith admin')
    expect(mail.text).toContain('as editor.')
  })
})

describe('the errors of an admin form in the page language', () => {
  function recordDelivery(fields: Record<string, string>, lang: string) {
    return postForm('/admin/campaigns/azimzhan-askarov/deliveries', fields, session, {
      'accept-language': lang,
    })
  }

  it('names what is wrong in Russian, a length limit carried over', async () => {
    const res = await recordDelivery(
      { deliveredOn: '10.12.2010', recipient: 'x'.repeat(201) },
      'ru',
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Укажите дату в формате ГГГГ-ММ-ДД.')
    expect(html).toContain('Длиннее 200 символов.')
    expect(html).not.toContain('Give the date')
  })

  it('and in English on an English page', async () => {
    const res = await recordDelivery(
      { deliveredOn: '10.12.2010', recipient: 'x'.repeat(201) },
      'en',
    )
    const html = await res.text()
    expect(html).toContain('Give the date as YYYY-MM-DD.')
    expect(html).toContain('This is longer than 200 characters.')
  })
})
