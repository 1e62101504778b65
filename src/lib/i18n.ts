/** Interface strings in every UI language, and language negotiation. */
import { LANGS, type Lang } from '../env.ts'

const en = {
  siteName: 'standwith',
  tagline: 'Stand with human rights defenders who are at risk.',
  skipToContent: 'Skip to content',
  language: 'Language',
  openCampaigns: 'Open campaigns',
  noCampaigns: 'There are no open campaigns right now.',
  defender: 'Defender',
  country: 'Country',
  target: 'Addressed to',
  signatures: 'signatures',
  signaturesOf: '{count} of {goal} signatures',
  goal: 'Goal',
  readAndSign: 'Read and sign',
  theAsk: 'What we ask',
  story: 'What happened',
  provenance: 'Source',
  provenanceText: 'Based on “{title}”, published by {publisher} on {date}.',
  sourceSentences: 'Sentences this campaign was written from',
  signThisCampaign: 'Sign this campaign',
  name: 'Your name',
  email: 'Email',
  emailHint: 'We send one email to confirm. It is never shown or shared.',
  city: 'City (optional)',
  comment: 'Comment (optional)',
  showName: 'Show my name publicly on this page',
  nameInDelivery: 'Include my name in the delivery to the authorities',
  keepInformed: 'Keep me informed about this campaign by email',
  consent:
    'I agree that standwith stores my signature to deliver it, as described in the privacy note.',
  privacyNote:
    'Your email is stored encrypted and used only to confirm your signature and, if you ask, to keep you informed. Your IP address is never stored; a daily-changing hash of it is deleted after 30 days. You can remove your signature at any time from the link in every email.',
  chooseCountry: 'Choose your country',
  sign: 'Sign',
  share: 'Share',
  shareByEmail: 'Email',
  copyLink: 'Copy link',
  copied: 'Copied',
  campaignsFor: 'Campaigns for {name}',
  status: 'Status',
  statusImprisoned: 'Imprisoned',
  statusAtRisk: 'At risk',
  statusConvicted: 'Convicted',
  statusDetained: 'Detained',
  statusReleased: 'Released',
  generalCall: 'General call',
  notFoundTitle: 'Page not found',
  notFoundText: 'We could not find that page. It may have moved, or the campaign may have ended.',
  backHome: 'See all open campaigns',
  closedCampaign: 'This campaign is closed and no longer takes signatures.',
  footer:
    'standwith is open-source software for campaigns in solidarity with human rights defenders.',
  progressLabel: 'Progress towards the goal',
  recentSigners: 'Recent signers who chose to be named',
  messagesOfSolidarity: 'Messages of solidarity',
  errRequired: 'Please fill this in.',
  errTooLong: 'This is too long.',
  errInvalidEmail: 'Please enter a valid email address, like name@example.org.',
  errInvalidCountry: 'Please choose your country from the list.',
  errConsentRequired: 'Please tick this box to sign: we cannot store your signature without it.',
  errForbiddenCharacters:
    'This contains invisible control or direction characters. Please retype it.',
  errNoVisibleText: 'Please type some visible letters here.',
  errInvalidType: 'This value is not valid.',
  errChallenge: 'We could not verify that you are a person. Please try again.',
  errFormSummary: 'Please correct the fields marked below.',
  thanksTitle: 'Thank you — one more step',
  thanksText:
    'We have sent you an email. Your signature counts once you click the link in it to confirm.',
  thanksShare: 'Ask others to stand with them too:',
  confirmTitle: 'Confirm your signature',
  confirmText: 'Press the button to confirm your signature on “{title}”.',
  confirmButton: 'Confirm my signature',
  confirmedTitle: 'Your signature is confirmed',
  confirmedText: 'Thank you. Your signature now counts towards “{title}”.',
  alreadyConfirmedText: 'This signature was already confirmed. Thank you.',
  heldText: 'Thank you. Your email is confirmed; your signature will count after a routine review.',
  removeTitle: 'Remove your signature',
  removeText:
    'Press the button to remove your signature from “{title}” and erase your data. This cannot be undone.',
  removeButton: 'Remove my signature',
  removedTitle: 'Your signature was removed',
  removedText: 'Your signature no longer counts and your personal data has been erased.',
  linkInvalidTitle: 'This link does not work',
  linkInvalidText:
    'The link has expired or was already used. If you signed more than a week ago without confirming, please sign again.',
  rateLimitedTitle: 'Too many submissions',
  rateLimitedText:
    'Too many submissions came from your network just now. Please wait a minute and try again.',
  messageTitle: 'Send a message of solidarity',
  messageBody: 'Your message',
  messageHint: 'Messages are read by our team before they appear on this page.',
  messageSend: 'Send message',
  messageThanks: 'Thank you. Your message will appear here once our team has read it.',
  embedTitle: 'Embed this campaign',
  embedText: 'Paste this line into your own website to show the live count and a sign form:',
  embedCopy: 'Copy the code',
  embedFullCampaign: 'Read the full campaign (opens in a new tab)',
  tooLarge: 'The submission is too large.',
  errorTitlePrefix: 'Error: ',
  errorSummaryTitle: 'There is a problem',
  jumpToSign: 'Sign',
  jumpToSignLabel: 'Go to the sign form',
  nextMilestone: 'help reach the next milestone: {milestone}.',
  packProduced: 'Produced on {date}',
  packVerifyTitle: 'Check that this pack is genuine',
  packVerifyText:
    'Anyone can check that nothing in this pack was changed after {site} produced it: open {url} (or scan the code) and choose the file of this pack (.json) that came with it. The check runs in the browser and sends nothing anywhere.',
  packQrLabel: 'QR code of the address of the verification page',
  packFingerprint: 'Fingerprint of this pack (SHA-256)',
  packKey: 'Signing key',
  verifyTitle: 'Check a delivery pack or a delivery list',
  verifyIntro:
    'Choose the file you were given: the delivery pack (a .json file) or the delivery list (a .csv file) with its proof (a .sig file). Your browser checks the digital signature itself: nothing is uploaded.',
  verifyFile: 'The pack (.json) or the list (.csv)',
  verifyProof: 'The proof (.sig), needed for a .csv list',
  verifyButton: 'Check',
  verifyNoScript: 'This check runs in your browser and needs JavaScript to be turned on.',
  verifyOkTitle: 'Genuine and unchanged',
  verifyOk:
    'This file is exactly as {site} produced and signed it on its server. Not a single character has been changed since.',
  verifyBadTitle: 'Do not rely on this file',
  verifyBad:
    'This file is not the one {site} signed: it was changed after it was produced, or the proof belongs to another file.',
  verifyWrongKey:
    'The signature is valid, but it was made with a key that is not the one this site publishes. The file may come from another server.',
  verifyNeedProof: 'A .csv list is checked with its proof: choose the .sig file as well.',
  verifyUnreadable: 'This file could not be read as a delivery pack or a proof.',
  verifyDetails: 'Technical details',
  verifyReason: 'What is wrong',
  verifyHowTitle: 'How it works',
  verifyHow:
    'When {site} produces a file, it computes a fingerprint of its exact content (SHA-256) and signs the fingerprint with its private key (Ed25519). Here your browser computes the fingerprint again and checks the signature with the public key published at {key}.',
  // Organisations: host, partners, privacy notices and consent.
  hostedBy: 'Hosted by',
  demoOrganisation: 'example organisation: demo data, to be replaced',
  partnersTitle: 'Partners',
  consentHost: 'I agree that {host} stores my signature to deliver it, as described in its',
  privacyNoticeLink: 'privacy notice',
  keepInformedHost: 'Keep me informed about this campaign by {host}, by email',
  keepInformedByPartner: 'Keep me informed by {partner}, by email, as described in its',
  viaPartner: 'You are signing through our partner {partner}.',
  privacyTitle: 'Privacy notice: {name}',
  privacyVersion: 'Version {version}, published {date}.',
  privacyOtherLang: 'This notice is not available in your language; it is shown in the original.',
  privacyMissing: 'This organisation has not published a privacy notice yet.',
  consentTitle: 'Who may keep you informed',
  consentIntro: 'You signed “{title}”. Your signature stays whatever you choose here.',
  consentGiven: '{name} may keep you informed.',
  consentPending: '{name} asks you to confirm that it may keep you informed, as you requested.',
  consentWithdraw: 'Stop hearing from {name}',
  consentGive: 'Yes, {name} may keep me informed',
  consentNone: 'No organisation may contact you about this campaign.',
  consentWithdrawnText: '{name} will no longer contact you. Your signature still counts.',
  consentGivenText: '{name} may now keep you informed. Thank you.',
  lastReviewed: 'Last reviewed on {date}',
  updatesTitle: 'Updates',
  updateSource: 'Source',
  outcomeTitle: 'Outcome',
  outcomeReleased: 'released',
  outcomeChargesDropped: 'charges dropped',
  outcomeDiedInCustody: 'died in custody',
  outcomeOther: 'closed',
  imageCredit: 'Photo: {credit}',
  shareCardAlt: 'standwith: stand with human rights defenders who are at risk',
  // After signing (issue 16, item 5): the thank-you page's mail, and links used before.
  thanksSentTo:
    'We have sent an email to {address}. Your signature counts once you click the link in it to confirm.',
  thanksMailTitle: 'No email?',
  thanksSpam:
    'It can take a few minutes to arrive. Look in your spam or junk folder too, and mark it as not spam.',
  thanksResend: 'Send the email again',
  thanksResendWait: 'You can ask for it again in {minutes} min. (reload this page then).',
  thanksResent: 'Done: we are sending the email again to {address}.',
  thanksResendExhausted:
    'We have sent it several times. If it still has not arrived, check the address above.',
  thanksWrongAddress: 'Wrong address?',
  thanksSignAgain: 'Sign again with the right one',
  linkRemovedTitle: 'This signature has been removed',
  linkRemovedText:
    'This link was already used: the signature no longer counts and its personal data has been erased.',
} as const

export type MessageKey = keyof typeof en
type Dictionary = Record<MessageKey, string>

const ru: Dictionary = {
  siteName: 'standwith',
  tagline: 'Поддержите правозащитников, которые в опасности.',
  skipToContent: 'Перейти к содержанию',
  language: 'Язык',
  openCampaigns: 'Открытые кампании',
  noCampaigns: 'Сейчас нет открытых кампаний.',
  defender: 'Правозащитник',
  country: 'Страна',
  target: 'Адресат',
  signatures: 'подписей',
  signaturesOf: '{count} из {goal} подписей',
  goal: 'Цель',
  readAndSign: 'Прочитать и подписать',
  theAsk: 'Наши требования',
  story: 'Что произошло',
  provenance: 'Источник',
  provenanceText: 'На основе материала «{title}», опубликованного {publisher} {date}.',
  sourceSentences: 'Фразы, на основе которых написана кампания',
  signThisCampaign: 'Подписать обращение',
  name: 'Ваше имя',
  email: 'Электронная почта',
  emailHint:
    'Мы отправим одно письмо для подтверждения. Адрес никогда не публикуется и не передаётся.',
  city: 'Город (необязательно)',
  comment: 'Комментарий (необязательно)',
  showName: 'Показывать моё имя на этой странице',
  nameInDelivery: 'Включить моё имя в список, передаваемый властям',
  keepInformed: 'Сообщать мне новости этой кампании по электронной почте',
  consent:
    'Я согласен(на), что standwith хранит мою подпись, чтобы передать её адресату, как описано в примечании о конфиденциальности.',
  privacyNote:
    'Ваш адрес хранится в зашифрованном виде и используется только для подтверждения подписи и, если вы просите, для новостей кампании. Ваш IP-адрес не хранится; его ежедневно меняющийся хеш удаляется через 30 дней. Вы можете отозвать подпись в любой момент по ссылке в каждом письме.',
  chooseCountry: 'Выберите страну',
  sign: 'Подписать',
  share: 'Поделиться',
  shareByEmail: 'Письмо',
  copyLink: 'Скопировать ссылку',
  copied: 'Скопировано',
  campaignsFor: 'Кампании в поддержку: {name}',
  status: 'Положение',
  statusImprisoned: 'В заключении',
  statusAtRisk: 'Под угрозой',
  statusConvicted: 'Осуждён',
  statusDetained: 'Задержан',
  statusReleased: 'Освобождён',
  generalCall: 'Общий призыв',
  notFoundTitle: 'Страница не найдена',
  notFoundText: 'Мы не нашли эту страницу. Возможно, она перемещена или кампания завершена.',
  backHome: 'Все открытые кампании',
  closedCampaign: 'Эта кампания закрыта и больше не принимает подписи.',
  footer:
    'standwith — открытое программное обеспечение для кампаний солидарности с правозащитниками.',
  progressLabel: 'Прогресс к цели',
  recentSigners: 'Недавно подписавшие, которые разрешили указать имя',
  messagesOfSolidarity: 'Слова солидарности',
  errRequired: 'Пожалуйста, заполните это поле.',
  errTooLong: 'Слишком длинный текст.',
  errInvalidEmail: 'Введите корректный адрес, например name@example.org.',
  errInvalidCountry: 'Выберите страну из списка.',
  errConsentRequired:
    'Отметьте это поле, чтобы подписать: без согласия мы не можем сохранить подпись.',
  errForbiddenCharacters:
    'Текст содержит невидимые управляющие символы. Пожалуйста, введите его заново.',
  errNoVisibleText: 'Пожалуйста, введите здесь видимые буквы.',
  errInvalidType: 'Недопустимое значение.',
  errChallenge: 'Не удалось подтвердить, что вы человек. Попробуйте ещё раз.',
  errFormSummary: 'Исправьте, пожалуйста, отмеченные ниже поля.',
  thanksTitle: 'Спасибо! Остался один шаг',
  thanksText:
    'Мы отправили вам письмо. Подпись будет засчитана, когда вы подтвердите её по ссылке в письме.',
  thanksShare: 'Попросите других тоже поддержать:',
  confirmTitle: 'Подтвердите подпись',
  confirmText: 'Нажмите кнопку, чтобы подтвердить подпись под обращением «{title}».',
  confirmButton: 'Подтвердить подпись',
  confirmedTitle: 'Подпись подтверждена',
  confirmedText: 'Спасибо. Ваша подпись засчитана в поддержку обращения «{title}».',
  alreadyConfirmedText: 'Эта подпись уже подтверждена. Спасибо.',
  heldText: 'Спасибо. Адрес подтверждён; подпись будет засчитана после обычной проверки.',
  removeTitle: 'Отозвать подпись',
  removeText:
    'Нажмите кнопку, чтобы отозвать подпись под обращением «{title}» и удалить ваши данные. Это действие нельзя отменить.',
  removeButton: 'Отозвать подпись',
  removedTitle: 'Подпись отозвана',
  removedText: 'Ваша подпись больше не учитывается, а личные данные удалены.',
  linkInvalidTitle: 'Ссылка недействительна',
  linkInvalidText:
    'Срок действия ссылки истёк или она уже использована. Если вы подписали больше недели назад и не подтвердили подпись, подпишите снова.',
  rateLimitedTitle: 'Слишком много запросов',
  rateLimitedText:
    'Из вашей сети только что пришло слишком много подписей. Подождите минуту и попробуйте снова.',
  messageTitle: 'Отправить слова солидарности',
  messageBody: 'Ваше сообщение',
  messageHint: 'Сообщения появляются на странице после прочтения нашей командой.',
  messageSend: 'Отправить',
  messageThanks: 'Спасибо. Сообщение появится здесь после прочтения нашей командой.',
  embedTitle: 'Разместить кампанию на своём сайте',
  embedText: 'Вставьте эту строку на свой сайт, чтобы показать счётчик и форму подписи:',
  embedCopy: 'Скопировать код',
  embedFullCampaign: 'Подробнее о кампании (откроется в новой вкладке)',
  tooLarge: 'Слишком большой объём данных.',
  errorTitlePrefix: 'Ошибка: ',
  errorSummaryTitle: 'В форме есть ошибки',
  jumpToSign: 'Подписать',
  jumpToSignLabel: 'Перейти к форме подписи',
  nextMilestone: 'помогите дойти до следующей отметки: {milestone}.',
  packProduced: 'Подготовлено {date}',
  packVerifyTitle: 'Как проверить подлинность документа',
  packVerifyText:
    'Любой может убедиться, что в документе ничего не изменили после того, как его подготовил {site}: откройте {url} (или отсканируйте код) и выберите приложенный файл этого документа (.json). Проверка идёт в браузере и ничего никуда не отправляет.',
  packQrLabel: 'QR-код адреса страницы проверки',
  packFingerprint: 'Отпечаток документа (SHA-256)',
  packKey: 'Ключ подписи',
  verifyTitle: 'Проверка пакета передачи или списка подписей',
  verifyIntro:
    'Выберите полученный файл: пакет передачи (файл .json) или список подписей (файл .csv) вместе с его подтверждением (файл .sig). Цифровую подпись проверяет сам браузер, файлы никуда не отправляются.',
  verifyFile: 'Пакет (.json) или список (.csv)',
  verifyProof: 'Подтверждение (.sig), нужно для списка .csv',
  verifyButton: 'Проверить',
  verifyNoScript: 'Проверка идёт в вашем браузере, и для неё нужно включить JavaScript.',
  verifyOkTitle: 'Подлинный и не изменён',
  verifyOk:
    'Файл в точности такой, каким {site} подготовил и подписал его на своём сервере. С тех пор в нём не изменилось ни одного знака.',
  verifyBadTitle: 'На этот файл нельзя полагаться',
  verifyBad:
    'Это не тот файл, который подписал {site}: его изменили после подготовки, или подтверждение относится к другому файлу.',
  verifyWrongKey:
    'Подпись верна, но сделана не тем ключом, который публикует этот сайт. Возможно, файл пришёл с другого сервера.',
  verifyNeedProof: 'Список .csv проверяется вместе с подтверждением: выберите и файл .sig.',
  verifyUnreadable: 'Не удалось прочитать файл как пакет передачи или подтверждение.',
  verifyDetails: 'Технические подробности',
  verifyReason: 'Что не так',
  verifyHowTitle: 'Как это работает',
  verifyHow:
    'Готовя файл, {site} вычисляет отпечаток его точного содержания (SHA-256) и подписывает отпечаток своим закрытым ключом (Ed25519). Здесь ваш браузер заново вычисляет отпечаток и проверяет подпись открытым ключом, опубликованным по адресу {key}.',
  hostedBy: 'Организатор',
  demoOrganisation: 'пример организации: демонстрационные данные, подлежат замене',
  partnersTitle: 'Партнёры',
  consentHost:
    'Я согласен(на), что {host} хранит мою подпись, чтобы передать её адресату, как описано в её',
  privacyNoticeLink: 'уведомлении о конфиденциальности',
  keepInformedHost: 'Сообщать мне новости этой кампании от {host} по электронной почте',
  keepInformedByPartner: 'Сообщать мне новости от {partner} по электронной почте, как описано в её',
  viaPartner: 'Вы подписываете через нашего партнёра {partner}.',
  privacyTitle: 'Уведомление о конфиденциальности: {name}',
  privacyVersion: 'Версия {version}, опубликована {date}.',
  privacyOtherLang: 'Уведомление недоступно на вашем языке; показан оригинал.',
  privacyMissing: 'Эта организация ещё не опубликовала уведомление о конфиденциальности.',
  consentTitle: 'Кто может сообщать вам новости',
  consentIntro: 'Вы подписали обращение «{title}». Ваша подпись сохранится при любом выборе здесь.',
  consentGiven: '{name} может сообщать вам новости.',
  consentPending: '{name} просит подтвердить, что может сообщать вам новости, как вы просили.',
  consentWithdraw: 'Больше не получать писем от {name}',
  consentGive: 'Да, {name} может сообщать мне новости',
  consentNone: 'Ни одна организация не может писать вам об этой кампании.',
  consentWithdrawnText: '{name} больше не будет вам писать. Ваша подпись по-прежнему учтена.',
  consentGivenText: '{name} теперь может сообщать вам новости. Спасибо.',
  lastReviewed: 'Сведения проверены {date}',
  updatesTitle: 'Новости кампании',
  updateSource: 'Источник',
  outcomeTitle: 'Итог',
  outcomeReleased: 'освобождение',
  outcomeChargesDropped: 'обвинения сняты',
  outcomeDiedInCustody: 'смерть под стражей',
  outcomeOther: 'кампания закрыта',
  imageCredit: 'Фото: {credit}',
  shareCardAlt: 'standwith: поддержите правозащитников, которые в опасности',
  // После подписи (issue 16, пункт 5): письмо на странице благодарности и уже использованные ссылки.
  thanksSentTo:
    'Мы отправили письмо на адрес {address}. Подпись будет засчитана, когда вы подтвердите её по ссылке из письма.',
  thanksMailTitle: 'Письмо не пришло?',
  thanksSpam:
    'Письмо может идти несколько минут. Загляните и в папку «Спам», а найдя письмо там, отметьте его как «не спам».',
  thanksResend: 'Отправить письмо ещё раз',
  thanksResendWait: 'Попросить ещё раз можно через {minutes} мин. (тогда обновите страницу).',
  thanksResent: 'Готово: мы ещё раз отправляем письмо на адрес {address}.',
  thanksResendExhausted:
    'Мы уже отправили письмо несколько раз. Если оно так и не пришло, проверьте адрес выше.',
  thanksWrongAddress: 'Ошиблись в адресе?',
  thanksSignAgain: 'Подпишите ещё раз с правильным адресом',
  linkRemovedTitle: 'Подпись уже отозвана',
  linkRemovedText:
    'Эта ссылка уже использована: подпись больше не учитывается, а личные данные удалены.',
}

const dictionaries: Record<Lang, Dictionary> = { en, ru }

/** A translator bound to one language: `t('signaturesOf', { count: 3, goal: 10 })`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang]
  return (key, params) => {
    const text = dict[key]
    if (!params) return text
    return text.replace(/\{(\w+)\}/g, (m, name: string) =>
      name in params ? String(params[name]) : m,
    )
  }
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value)
}

/** Best supported language from an `Accept-Language` header, honouring q-values. */
export function fromAcceptLanguage(header: string | null | undefined): Lang | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return {
        base: tag.toLowerCase().split('-')[0] ?? '',
        weight: Number.isNaN(weight) ? 0 : weight,
        i,
      }
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
  return ranked.find((r) => isLang(r.base))?.base as Lang | undefined
}

/** Formats a number for the language (thin grouping as people expect it). */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang).format(n)
}

/** The locale dates are written in: British English ("10 December 2010"), not US style. */
const DATE_LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru' }

/** Formats an ISO date (YYYY-MM-DD) as a long date in the language ("10 декабря 2010 г."). */
export function formatDate(lang: Lang, isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return isoDate
  return new Intl.DateTimeFormat(DATE_LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    d,
  )
}

/**
 * Ends a sentence with one full stop: a Russian date already ends in one ("2010 г."), and a
 * second would read as a typo.
 */
export function endSentence(text: string): string {
  return /[.!?…]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`
}
