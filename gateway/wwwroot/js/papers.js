// Lists of papers (a day, a week, a month, trending, a search) and the upvote button.
import { api, session } from "./api.js";
import { h, beginView, day, formatDate, authorsText, setFeed } from "./dom.js";
import { navigate } from "./router.js";

const tabs = [["day", "Today", "/"], ["week", "This week", "/week"], ["month", "This month", "/month"], ["trending", "Trending", "/trending"]];

function tabList(current) {
  return h("ul", { class: "tabs" }, tabs.map(([key, label, href]) =>
    h("li", {}, h("a", { href, "aria-current": key === current ? "page" : null }, label))));
}

function isoWeek(date) {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday - firstThursday) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export function voteButton(paper) {
  const button = h("button", { type: "button", "aria-pressed": String(paper.upvoted === true), "aria-label": `Upvote ${paper.title}` },
    h("span", { "aria-hidden": "true" }, "▲"), h("span", { class: "upvotes" }, String(paper.upvotes)));
  button.addEventListener("click", async () => {
    if (!session.username) return navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
    const pressed = button.getAttribute("aria-pressed") === "true";
    button.disabled = true;
    const result = await api(`/api/papers/${paper.arxivId}/upvote`, { method: pressed ? "DELETE" : "POST" });
    button.disabled = false;
    if (result.ok) {
      button.setAttribute("aria-pressed", String(result.data.upvoted));
      button.querySelector(".upvotes").textContent = String(result.data.upvotes);
    }
  });
  return h("div", { class: "vote" }, button);
}

export function card(paper) {
  const title = paper.highlight?.title ? h("a", { href: `/papers/${paper.arxivId}`, html: paper.highlight.title }) : h("a", { href: `/papers/${paper.arxivId}` }, paper.title);
  const abstract = paper.highlight?.abstract ? h("p", { class: "abstract", html: paper.highlight.abstract }) : h("p", { class: "abstract" }, paper.abstract);
  return h("li", { class: "card", "data-arxiv-id": paper.arxivId },
    h("h2", {}, title),
    h("div", { class: "meta" }, [authorsText(paper.authors), paper.organization, `published ${formatDate(paper.publishedAt)}`].filter(Boolean).join(" · ")),
    abstract,
    voteButton(paper));
}

// An invitation to the e-mail digest of trending papers, on the pages people open every day.
function digestInvitation() {
  const href = session.username ? "/settings" : `/signin?next=${encodeURIComponent("/settings")}`;
  return h("aside", { class: "invite" },
    h("span", {}, "Get the trending papers in your inbox, every day or every week."), " ",
    h("a", { href }, "Subscribe by e-mail"));
}

async function listing(query, heading, emptyText, current, feed, extra = null) {
  const { show } = beginView();
  setFeed(feed);
  const result = await api(`/api/papers?${query}`);
  const items = result.ok ? result.data.items : [];
  // A search ranks by keyword and meaning; when the meaning side is down it says so.
  const fallback = result.ok && result.data.meaningUnavailable
    ? h("p", { class: "muted" }, "Search by meaning is unavailable just now: these are keyword matches only.") : null;
  show(tabList(current), current === "day" || current === "trending" ? digestInvitation() : null,
    h("div", { class: "dayline" }, h("h1", {}, heading), extra), fallback,
    items.length ? h("ol", { class: "cards" }, items.map(card)) : h("p", { class: "empty" }, result.ok ? emptyText : "The papers could not be loaded."));
}

export function dayView(date) {
  const when = date ? new Date(`${date}T00:00:00Z`) : new Date();
  const value = day(when);
  const step = (days) => day(new Date(when.getTime() + days * 86400000));
  const today = day(new Date());
  const nav = h("span", {},
    h("a", { href: `/day/${step(-1)}`, rel: "prev" }, "← Previous day"),
    value < today ? [" · ", h("a", { href: step(1) === today ? "/" : `/day/${step(1)}`, rel: "next" }, "Next day →")] : null);
  const heading = value === today ? "Today's papers" : `Papers of ${formatDate(`${value}T00:00:00Z`)}`;
  return listing(`date=${value}&sort=upvotes&limit=50`, heading, `No papers were submitted on ${formatDate(`${value}T00:00:00Z`)}.`,
    value === today ? "day" : null, `/api/feeds/papers?date=${value}`, nav);
}

export function weekView() {
  const week = isoWeek(new Date());
  return listing(`week=${week}&sort=upvotes&limit=50`, `This week (${week})`, "No papers this week yet.", "week", `/api/feeds/papers?week=${week}`);
}

export function monthView() {
  const month = day(new Date()).slice(0, 7);
  return listing(`month=${month}&sort=upvotes&limit=50`, "This month", "No papers this month yet.", "month", `/api/feeds/papers?month=${month}`);
}

export function trendingView() {
  const week = isoWeek(new Date());
  return listing(`week=${week}&sort=trending&limit=50`, "Trending this week", "Nothing is trending yet.", "trending", `/api/feeds/papers?week=${week}&sort=trending`);
}

export function searchView(q) {
  document.getElementById("q").value = q;
  if (!q.trim()) return beginView().show(h("p", { class: "empty" }, "Type words to search titles, authors and abstracts."));
  return listing(`q=${encodeURIComponent(q)}&limit=30`, `Results for “${q}”`, "No paper matches.", null, `/api/feeds/papers?q=${encodeURIComponent(q)}`);
}
