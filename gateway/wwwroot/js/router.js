// Page addresses are real paths (/papers/1706.03762, /search?q=…): the gateway answers every one
// with index.html, and this router shows the matching view, so reloads and shared links work.
import { api, session, loadSession } from "./api.js";
import { dayView, weekView, monthView, trendingView, searchView } from "./papers.js";
import { paperView } from "./paper.js";
import { signInView, signUpView, submitView, settingsView } from "./forms.js";
import { notificationsView, watchNotifications } from "./notifications.js";
import { h, beginView, setFeed } from "./dom.js";

const routes = [
  [/^\/$/, () => dayView(null)],
  [/^\/day\/(\d{4}-\d{2}-\d{2})$/, (date) => dayView(date)],
  [/^\/week$/, weekView],
  [/^\/month$/, monthView],
  [/^\/trending$/, trendingView],
  [/^\/search$/, () => searchView(new URLSearchParams(location.search).get("q") ?? "")],
  [/^\/papers\/(.+)$/, (id) => paperView(decodeURIComponent(id))],
  [/^\/signin$/, signInView],
  [/^\/signup$/, signUpView],
  [/^\/submit$/, submitView],
  [/^\/settings$/, settingsView],
  [/^\/notifications$/, notificationsView],
];

export async function render() {
  document.title = "Papers · daily research papers";
  for (const [pattern, view] of routes) {
    const match = location.pathname.match(pattern);
    if (match) return view(...match.slice(1));
  }
  setFeed(null);
  return beginView().show(h("h1", {}, "Page not found"), h("p", {}, "There is no page at this address. ", h("a", { href: "/" }, "Today's papers")));
}

export function navigate(path) {
  history.pushState(null, "", path);
  render();
  document.getElementById("view").focus({ preventScroll: true });
}

/** Shows what belongs to a signed-in user, or to a visitor, and (re)opens the live stream. */
export function refreshChrome() {
  const signedIn = Boolean(session.username);
  document.querySelectorAll("[data-signed-in]").forEach((element) => { element.hidden = !signedIn; });
  document.querySelectorAll("[data-signed-out]").forEach((element) => { element.hidden = signedIn; });
  document.getElementById("username").textContent = session.username ?? "";
  watchNotifications();
}

export async function start() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='/']");
    if (!link || link.getAttribute("href").startsWith("/api/") || link.getAttribute("href").startsWith("/docs")
        || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  document.querySelector("form.search").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(`/search?q=${encodeURIComponent(document.getElementById("q").value)}`);
  });
  document.getElementById("sign-out").addEventListener("click", async () => {
    await api("/api/session", { method: "DELETE" });
    session.username = null;
    refreshChrome();
    navigate("/");
  });
  window.addEventListener("popstate", render);
  await loadSession();
  refreshChrome();
  await render();
}
