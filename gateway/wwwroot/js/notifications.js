// The bell (its unread count follows the live stream) and the list of notifications.
import { api, session } from "./api.js";
import { h, beginView, formatDate, setFeed } from "./dom.js";

let stream = null;

export async function refreshUnread() {
  const result = await api("/api/notifications?limit=1");
  const count = result.ok ? result.data.unreadCount : 0;
  const badge = document.getElementById("unread");
  badge.textContent = String(count);
  badge.classList.toggle("unread", count > 0);
  badge.parentElement.setAttribute("aria-label", `Notifications: ${count} unread`);
}

/** Opens the stream while someone is signed in (EventSource resumes with Last-Event-ID by itself). */
export function watchNotifications() {
  stream?.close();
  stream = null;
  if (!session.username) return;
  stream = new EventSource("/api/notifications/stream");
  stream.onmessage = () => refreshUnread();
  refreshUnread();
}

export async function notificationsView() {
  const { isCurrent, show } = beginView();
  setFeed(null);
  const result = await api("/api/notifications?limit=50");
  if (!result.ok) return show(h("p", { class: "empty" }, "Sign in to see your notifications."));
  const items = result.data.items;
  show(h("h1", {}, "Notifications"), items.length
    ? h("ol", { class: "notifications" }, items.map((item) => h("li", { class: item.read ? "" : "unread" },
      h("span", {}, h("a", { href: `/papers/${item.arxivId}` }, item.message), h("br"), h("small", { class: "muted" }, formatDate(item.createdAt))),
      item.read ? null : h("button", {
        type: "button", class: "secondary",
        onclick: async () => {
          await api(`/api/notifications/${item.id}/read`, { method: "POST" });
          await refreshUnread();
          if (isCurrent()) await notificationsView(); // unless the reader has gone to another page meanwhile
        },
      }, "Mark read"))))
    : h("p", { class: "empty" }, "Nothing yet. Upvotes on your papers, keyword matches and trending news show up here."));
}
