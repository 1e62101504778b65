// The widget's enhancement, inside the partner's iframe: applies the partner's accent colour
// and tells the loader on the host page how tall this document is, on load and on every resize.
;(() => {
  const root = document.documentElement
  const accent = root.dataset.accent
  if (accent) {
    root.style.setProperty('--accent', accent)
    // Black or white text on the accent, whichever contrasts more (WCAG relative luminance).
    const hex = accent.length === 4 ? accent.replace(/\w/g, '$&$&') : accent
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    root.style.setProperty('--accent-ink', luminance > 0.179 ? '#000000' : '#ffffff')
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
  if (window.parent === window) return
  let last = 0
  const post = () => {
    const height = Math.ceil(root.getBoundingClientRect().height)
    if (height === last) return
    last = height
    // The partner's origin is not known here, and the message holds only a number, so any
    // parent may read it; the loader checks that it came from this origin and this frame.
    window.parent.postMessage({ type: 'standwith:height', height }, '*')
  }
  new ResizeObserver(post).observe(root)
  addEventListener('load', post)
  post()
})()
