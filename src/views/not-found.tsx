/** The 404 page. */
import { Layout, type PageContext } from './layout.tsx'

export function NotFoundPage(props: { ctx: PageContext }) {
  const { t } = props.ctx
  return (
    <Layout ctx={props.ctx} title={t('notFoundTitle')}>
      <h1>{t('notFoundTitle')}</h1>
      <p>{t('notFoundText')}</p>
      <p>
        <a href="/">{t('backHome')}</a>
      </p>
    </Layout>
  )
}
