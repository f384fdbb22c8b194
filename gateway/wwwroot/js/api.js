// Calls to the public API. The session is an HttpOnly cookie the gateway sets: scripts never see
// the token; the browser sends the cookie with every same-origin request.

/** @returns {Promise<{ok: boolean, status: number, data: any}>} */
export async function api(path, { method = "GET", body } = {}) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await response.json() : null;
  return { ok: response.ok, status: response.status, data };
}

export const session = { username: null };

export async function loadSession() {
  const { data } = await api("/api/session");
  session.username = data?.username ?? null;
  return session.username;
}

/** The problem's per-field messages (keys as the API names fields), or a single general one. */
export function problemMessages(result) {
  const errors = result.data?.errors ?? {};
  const general = Object.keys(errors).length ? null : (result.data?.detail ?? result.data?.title ?? `Request failed (${result.status}).`);
  return { errors, general };
}
