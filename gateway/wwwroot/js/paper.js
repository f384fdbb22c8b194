// One paper: everything about it, and why it is trending.
import { api } from "./api.js";
import { h, show, formatDate, setFeed } from "./dom.js";
import { voteButton } from "./papers.js";

export async function paperView(arxivId) {
  const [paper, trending] = await Promise.all([api(`/api/papers/${arxivId}`), api(`/api/trending/${arxivId}`)]);
  if (!paper.ok) return show(h("p", { class: "empty" }, paper.status === 404 ? `No paper ${arxivId} here (yet).` : "The paper could not be loaded."));
  const p = paper.data;
  setFeed(`/api/feeds/papers?submittedBy=${encodeURIComponent(p.submittedBy)}`);
  document.title = `${p.title} · Papers`;
  const links = [["arXiv", `https://arxiv.org/abs/${p.arxivId}`], ["PDF", `https://arxiv.org/pdf/${p.arxivId}`], ["Code", p.codeUrl], ["Project", p.projectUrl]]
    .filter(([, href]) => href).map(([label, href]) => h("a", { href, rel: "noopener" }, label));
  const facts = [
    ["Authors", p.authors.join(", ")], ["Organisation", p.organization ?? "—"], ["Published", formatDate(p.publishedAt)],
    ["Submitted", `${formatDate(p.submittedAt)} by ${p.submittedBy}`], ["Links", links.flatMap((link, i) => (i ? [" · ", link] : [link]))],
  ];
  const why = trending.ok ? h("section", { "aria-labelledby": "why" },
    h("h2", { id: "why" }, "Why it is trending"),
    h("dl", { class: "facts" },
      h("dt", {}, "Score"), h("dd", {}, trending.data.score.toFixed(3)),
      h("dt", {}, "Rank"), h("dd", {}, Object.entries(trending.data.ranks).filter(([, rank]) => rank).map(([window, rank]) => (window === "all" ? `#${rank} of all time` : `#${rank} of the ${window}`)).join(" · ") || "—"),
      h("dt", {}, "Inputs"), h("dd", {}, `${trending.data.inputs.upvotes} ${trending.data.inputs.upvotes === 1 ? "upvote" : "upvotes"}, submitted ${formatDate(trending.data.inputs.submittedAt)}, votes lose half their weight every ${trending.data.inputs.halfLifeHours} h`))) : null;
  show(h("article", { class: "paper" },
    h("p", { class: "muted" }, `arXiv:${p.arxivId}`),
    h("h1", {}, p.title),
    voteButton(p),
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h("h2", {}, "Abstract"), h("p", {}, p.abstract),
    why));
}
