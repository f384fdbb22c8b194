// One paper: everything about it, and why it is trending, from one gateway call (the paper
// page aggregate); a part whose service is down is left out. Papers related in meaning come
// after, from the embeddings service, without holding up the page.
import { api } from "./api.js";
import { h, beginView, formatDate, setFeed } from "./dom.js";
import { voteButton } from "./papers.js";

export async function paperView(arxivId) {
  const { isCurrent, show } = beginView();
  const page = await api(`/api/paper-pages/${arxivId}`);
  if (!isCurrent()) return;
  if (!page.ok || !page.data.paper) return show(h("p", { class: "empty" }, page.status === 404 ? `No paper ${arxivId} here (yet).` : "The paper could not be loaded."));
  const { paper: p, trending } = page.data;
  setFeed(`/api/feeds/papers?submittedBy=${encodeURIComponent(p.submittedBy)}`);
  document.title = `${p.title} · Papers`;
  const links = [["arXiv", `https://arxiv.org/abs/${p.arxivId}`], ["PDF", `https://arxiv.org/pdf/${p.arxivId}`], ["Code", p.codeUrl], ["Project", p.projectUrl]]
    .filter(([, href]) => href).map(([label, href]) => h("a", { href, rel: "noopener" }, label));
  const facts = [
    ["Authors", p.authors.join(", ")], ["Organisation", p.organization ?? "—"], ["Published", formatDate(p.publishedAt)],
    ["Submitted", `${formatDate(p.submittedAt)} by ${p.submittedBy}`], ["Links", links.flatMap((link, i) => (i ? [" · ", link] : [link]))],
  ];
  const why = trending ? h("section", { "aria-labelledby": "why" },
    h("h2", { id: "why" }, "Why it is trending"),
    h("dl", { class: "facts" },
      h("dt", {}, "Score"), h("dd", {}, trending.score.toFixed(3)),
      h("dt", {}, "Rank"), h("dd", {}, Object.entries(trending.ranks).filter(([, rank]) => rank).map(([window, rank]) => (window === "all" ? `#${rank} of all time` : `#${rank} of the ${window}`)).join(" · ") || "—"),
      h("dt", {}, "Inputs"), h("dd", {}, `${trending.inputs.upvotes} ${trending.inputs.upvotes === 1 ? "upvote" : "upvotes"}, submitted ${formatDate(trending.inputs.submittedAt)}, votes lose half their weight every ${trending.inputs.halfLifeHours} h`))) : null;
  show(h("article", { class: "paper" },
    h("p", { class: "muted" }, `arXiv:${p.arxivId}`),
    h("h1", {}, p.title),
    voteButton(p),
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h("h2", {}, "Abstract"), h("p", {}, p.abstract),
    why,
    relatedPapers(p.arxivId, isCurrent)));
}

// The nearest papers in meaning; a paper just submitted waits for its embedding a moment (asking
// again only while the reader is still on its page).
function relatedPapers(arxivId, isCurrent) {
  const list = h("div", { class: "related" }, h("p", { class: "muted" }, "Finding related papers…"));
  (async () => {
    for (let attempt = 0; attempt < 10 && isCurrent(); attempt++) {
      const related = await api(`/api/papers/${arxivId}/related?limit=5`);
      if (related.ok && related.data.status === "pending") {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        continue;
      }
      list.replaceChildren(related.status === 404 ? h("p", { class: "muted" }, "No related papers yet.")
        : !related.ok ? h("p", { class: "muted" }, "Related papers are unavailable just now.")
        : related.data.items.length === 0 ? h("p", { class: "muted" }, "No related papers yet.")
        : h("ol", {}, related.data.items.map((item) => h("li", {},
          h("a", { href: `/papers/${item.arxivId}` }, item.title), " ", h("small", { class: "muted" }, `similarity ${item.similarity.toFixed(2)}`)))));
      return;
    }
    list.replaceChildren(h("p", { class: "muted" }, "Related papers are still being worked out: look again shortly."));
  })();
  return h("section", { "aria-labelledby": "related" }, h("h2", { id: "related" }, "Related papers"), list);
}
