// Tiny DOM helpers: elements are built, never assembled from strings, so text is always text.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "html") element.innerHTML = value; // only for the API's escaped highlights
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

// Every page the reader opens starts a view. Views wait for the API before they show anything,
// and answers come back in any order: a slow answer for a page the reader has already left must
// not replace the page they went to. So a view shows its content only while it is the latest.
let latestView = 0;

/** Starts a view. Call it before the view's first await; show() does nothing once a later view has started. */
export function beginView() {
  const generation = ++latestView;
  const isCurrent = () => generation === latestView;
  const show = (...content) => {
    if (!isCurrent()) return null;
    const view = document.getElementById("view");
    view.replaceChildren(...content.filter((item) => item != null));
    return view;
  };
  return { isCurrent, show };
}

export const day = (date) => date.toISOString().slice(0, 10);

export function formatDate(iso) {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

// The first names and how many there are, as daily-papers pages show them: "A, B and others · 12 authors".
export function authorsText(authors) {
  const names = authors.length > 3 ? `${authors.slice(0, 2).join(", ")} and others` : authors.join(", ");
  return `${names} · ${authors.length} ${authors.length === 1 ? "author" : "authors"}`;
}

/** The Atom feed of what is shown, or null on pages that are not a list (the link is hidden). */
export function setFeed(href) {
  const link = document.getElementById("feed");
  link.hidden = !href;
  if (href) {
    link.href = href;
    document.querySelector('link[rel="alternate"]').href = href;
  }
}
