// Forms: sign up, sign in, submit a paper, settings. The API's validation errors are shown next to
// the field they name; anything else above the button.
import { api, session, loadSession, problemMessages } from "./api.js";
import { h, beginView, day, setFeed } from "./dom.js";
import { navigate, refreshChrome } from "./router.js";

function field({ name, label, type = "text", hint, value = "", required = false, options, autocomplete }) {
  const id = `field-${name}`;
  const input = type === "textarea" ? h("textarea", { id, name, rows: 5, required }, value)
    : type === "select" ? h("select", { id, name }, options.map(([optionValue, text]) => h("option", { value: optionValue, selected: optionValue === value }, text)))
    : h("input", { id, name, type, value, required, autocomplete });
  input.setAttribute("aria-describedby", `${id}-error`);
  return h("label", { for: id }, label, hint ? h("span", { class: "hint" }, hint) : null, input, h("span", { class: "error", id: `${id}-error`, "data-error-for": name }));
}

/** onSubmit(values, view) gets this form's view: where it goes next only while the reader is still on it. */
function form(title, fields, submitLabel, onSubmit) {
  const view = beginView();
  const general = h("p", { class: "error", role: "alert" });
  const element = h("form", { class: "stacked", novalidate: true }, fields.map(field), general, h("button", { type: "submit" }, submitLabel));
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    element.querySelectorAll("[data-error-for]").forEach((error) => { error.textContent = ""; });
    element.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    general.textContent = "";
    const button = element.querySelector("button[type=submit]");
    button.disabled = true;
    const result = await onSubmit(Object.fromEntries(new FormData(element)), view);
    button.disabled = false;
    if (result && !result.ok) showProblem(element, general, result);
  });
  setFeed(null);
  view.show(h("h1", {}, title), element);
  element.querySelector("input, textarea, select")?.focus();
}

function showProblem(element, general, result) {
  const { errors, general: message } = problemMessages(result);
  const unplaced = [];
  for (const [key, messages] of Object.entries(errors)) {
    // "authors[0]" and "authors" are both the authors field.
    const name = key.split(/[.[]/)[0];
    const slot = element.querySelector(`[data-error-for="${name}"]`);
    if (slot) {
      slot.textContent = messages.join(" ");
      element.querySelector(`[name="${name}"]`)?.setAttribute("aria-invalid", "true");
    } else unplaced.push(...messages);
  }
  general.textContent = [message, ...unplaced].filter(Boolean).join(" ");
}

/** Where to go after signing in: back to the page that asked for it, if it is one of ours. */
function next() {
  const target = new URLSearchParams(location.search).get("next") ?? "/";
  return target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

/** Pages for signed-in users send a visitor to sign in first, and back afterwards. */
function requireSignIn() {
  if (session.username) return false;
  navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
  return true;
}

export function signInView() {
  form("Sign in", [
    { name: "username", label: "User name", required: true, autocomplete: "username" },
    { name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password" },
  ], "Sign in", async (values, view) => {
    const result = await api("/api/session", { method: "POST", body: values });
    if (!result.ok) return result.status === 401 ? { ok: false, status: 401, data: { detail: "Wrong user name or password." } } : result;
    await loadSession();
    refreshChrome();
    if (view.isCurrent()) navigate(next());
    return result;
  });
}

export function signUpView() {
  form("Create an account", [
    { name: "username", label: "User name", required: true, autocomplete: "username" },
    { name: "email", label: "E-mail", type: "email", required: true, autocomplete: "email" },
    { name: "password", label: "Password", type: "password", required: true, autocomplete: "new-password", hint: "At least 8 characters." },
  ], "Sign up", async (values, view) => {
    const created = await api("/api/accounts", { method: "POST", body: values });
    if (!created.ok) return created;
    const signedIn = await api("/api/session", { method: "POST", body: { username: values.username, password: values.password } });
    await loadSession();
    refreshChrome();
    if (view.isCurrent()) navigate("/");
    return signedIn;
  });
}

export function submitView() {
  if (requireSignIn()) return;
  form("Submit a paper", [
    { name: "arxivId", label: "arXiv id", required: true, hint: "For example 1706.03762 or hep-th/9901001." },
    { name: "title", label: "Title", required: true },
    { name: "abstract", label: "Abstract", type: "textarea", required: true },
    { name: "authors", label: "Authors", required: true, hint: "Separated by commas." },
    { name: "organization", label: "Organisation" },
    { name: "publishedAt", label: "Published on arXiv", type: "date", required: true, value: day(new Date()) },
    { name: "codeUrl", label: "Code URL", type: "url" },
    { name: "projectUrl", label: "Project URL", type: "url" },
  ], "Submit", async (values, view) => {
    const body = {
      ...values,
      authors: values.authors.split(",").map((author) => author.trim()).filter(Boolean),
      organization: values.organization || null, codeUrl: values.codeUrl || null, projectUrl: values.projectUrl || null,
    };
    const result = await api("/api/papers", { method: "POST", body });
    if (!result.ok) return result;
    // The catalogue has it a moment later (it travels as a message): wait briefly, then show today's list.
    const listed = async () => (await api(`/api/papers?submittedBy=${encodeURIComponent(session.username)}&sort=new&limit=5`))
      .data?.items?.some((paper) => paper.arxivId === result.data.arxivId);
    for (let attempt = 0; attempt < 25 && !(await listed()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (view.isCurrent()) navigate("/");
    return result;
  });
}

export async function settingsView() {
  if (requireSignIn()) return;
  const view = beginView();
  const current = await api("/api/subscriptions");
  if (!view.isCurrent()) return;
  if (!current.ok) return navigate("/signin");
  const { email, digest, keywords, emailConfirmed } = current.data;
  const saved = h("p", { role: "status", class: "muted" });
  // Double opt-in: nothing is mailed to an address until the link in its confirmation mail is followed.
  const unconfirmed = (address) => `We mailed a confirmation link to ${address}: nothing else is sent there until you follow it.`;
  if (email && !emailConfirmed) saved.textContent = unconfirmed(email);
  form("Settings", [
    { name: "email", label: "E-mail for digests and alerts", type: "email", value: email ?? "", hint: "Leave empty for no e-mail at all." },
    { name: "digest", label: "Digest of the top papers", type: "select", value: digest, options: [["off", "Off"], ["daily", "Daily"], ["weekly", "Weekly"]] },
    { name: "keywords", label: "Keyword alerts", type: "textarea", value: keywords.join("\n"), hint: "One word or phrase per line: a new paper with it in its title or abstract notifies you." },
  ], "Save", async (values) => {
    const result = await api("/api/subscriptions", {
      method: "PUT",
      body: { email: values.email || null, digest: values.digest, keywords: values.keywords.split("\n").map((line) => line.trim()).filter(Boolean) },
    });
    if (result.ok) saved.textContent = result.data.email && !result.data.emailConfirmed ? `Saved. ${unconfirmed(result.data.email)}` : "Saved.";
    return result;
  });
  document.getElementById("view").append(saved);
}
