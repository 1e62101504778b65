// Progressive enhancement only: every page works without this file.
for (const button of document.querySelectorAll('button[data-copy]')) {
  if (!navigator.clipboard) continue
  button.hidden = false
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(button.dataset.copy)
    const label = button.textContent
    button.textContent = button.dataset.copied
    setTimeout(() => {
      button.textContent = label
    }, 2000)
  })
}

// An error summary takes focus as the page loads (autofocus does it without this file; some
// browsers skip autofocus after a form post). Its links focus their field, not only scroll.
{
  const summary = document.querySelector('.error-summary')
  if (summary && document.activeElement !== summary) summary.focus()
  for (const link of document.querySelectorAll('.error-summary a[href^="#"]')) {
    link.addEventListener('click', (event) => {
      const field = document.getElementById(link.hash.slice(1))
      if (!field) return
      event.preventDefault()
      const label = document.querySelector(`label[for="${field.id}"]`)
      ;(label ?? field).scrollIntoView({ block: 'start' })
      field.focus({ preventScroll: true })
    })
  }
}

// "Send the email again" becomes available when its wait is over (without this file: reload).
for (const button of document.querySelectorAll('button[data-ready-in]')) {
  setTimeout(() => {
    button.disabled = false
    const note = document.getElementById(button.getAttribute('aria-describedby'))
    if (note) note.hidden = true
    button.removeAttribute('aria-describedby')
  }, Number(button.dataset.readyIn) * 1000)
}
