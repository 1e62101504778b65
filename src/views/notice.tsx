/** Small pages that say one thing: thanks, confirm, removed, invalid link, too many requests. */
import type { Child } from 'hono/jsx'
import { Layout, type PageContext } from './layout.tsx'

export function NoticePage(props: { ctx: PageContext; title: string; children: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <div class="notice">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  )
}

/** A page with one button that POSTs: mail scanners that prefetch links change nothing. */
export function ActionPage(props: {
  ctx: PageContext
  title: string
  text: string
  action: string
  button: string
}) {
  return (
    <NoticePage ctx={props.ctx} title={props.title}>
      <p>{props.text}</p>
      <form method="post" action={props.action}>
        <button type="submit">{props.button}</button>
      </form>
    </NoticePage>
  )
}
