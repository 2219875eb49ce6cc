"""The page's own style and script, inline: no file, font or address outside the page.

Colours meet WCAG AA: text at least 4.5:1 against its background (the grade and severity
badges included), borders and bars at least 3:1 against white; a grade or a severity is
always written out, never told by colour alone. The script only enhances: without it every
finding is shown and the grid keeps its order; the controls it drives are `hidden` until it
runs. No value from an input is ever written into the style or the script.
"""

from __future__ import annotations

CSS = """
:root { color-scheme: light; --text: #1a1a1a; --muted: #4a4a4a; --line: #c4c7cc;
  --link: #0b57d0; --panel: #f5f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--text); background: #ffffff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
header.page, main { max-width: 1280px; margin: 0 auto; padding: 0 1rem; }
header.page h1 { margin: 1rem 0 0; font-size: 1.6rem; }
header.page p { margin: 0 0 .5rem; color: var(--muted); }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: 1rem; margin: .75rem 0 .25rem; }
a { color: var(--link); }
section[id], tr[id] { scroll-margin-top: 4.5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
  overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0;
  margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
#summary { border: 1px solid var(--line); background: var(--panel); border-radius: 6px;
  padding: .5rem 1rem; margin: 1rem 0; }
#summary p { margin: .25rem 0; }
.counts { list-style: none; padding: 0; margin: .25rem 0; display: flex; flex-wrap: wrap;
  gap: .5rem; }
.no-findings { font-size: 1.2rem; font-weight: 600; color: #14532d; background: #dcf2df;
  border: 1px solid #2e7d32; border-radius: 6px; padding: .5rem 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center;
  position: sticky; top: 0; z-index: 1; background: #ffffff; border-bottom: 1px solid var(--line);
  padding: .5rem 0; }
.filters label { font-weight: 600; margin-right: .35rem; }
.filters select, .sort-controls button { font: inherit; padding: .15rem .4rem; }
.filters > * { min-width: 0; max-width: 100%; }
.filters select { max-width: 100%; }
/* A report reached by a link is not hidden under the sticky filters. */
section.report { scroll-margin-top: 5rem; }
.sort-controls { margin: .25rem 0 .5rem; }
.sort-controls button[aria-pressed="true"] { font-weight: 700; }
.severity, .state, .badge, .grade { display: inline-block; padding: 0 .45em; border: 1px solid;
  border-radius: 4px; font-weight: 600; line-height: 1.4; }
.severity.sev-error { background: #b3261e; color: #ffffff; border-color: #b3261e; }
.severity.sev-warning { background: #fff4d6; color: #6b4400; border-color: #b07800; }
.severity.sev-info { background: #e7f0fb; color: #0b3d75; border-color: #5b8ed6; }
.state { background: #eeeeee; color: #333333; border-color: #767676; font-weight: 400; }
.grade.band-0 { background: #fde2e1; color: #7a1010; border-color: #b3261e; }
.grade.band-1 { background: #ffe9cc; color: #6b3a00; border-color: #b45309; }
.grade.band-2 { background: #fbf5cf; color: #4d4500; border-color: #8a7a00; }
.grade.band-3 { background: #dcf2df; color: #14532d; border-color: #2e7d32; }
.grade.band-4 { background: #dbe8fb; color: #0b3d75; border-color: #1d4ed8; }
.grade.other { background: #eeeeee; color: #333333; border-color: #6b7280; }
.badge.carried { background: #f1ecfb; color: #3b1f74; border-color: #6d4bb8; font-weight: 400; }
.none { color: var(--muted); }
/* A wide table scrolls in its own region (and holds what is placed absolutely in it), so
   that the page never scrolls sideways, on a phone too. */
.table-wrap { margin: .5rem 0 1rem; position: relative; overflow-x: auto; }
.grades, .scope, .followed-up { min-width: 34rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead th, .col-head th { background: var(--panel); }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.grades .pillar-row > th, .grades .pillar-row > td { background: #eef1f5; }
.grades .pillar-row > th { font-weight: 700; }
.grades .question-row > th { font-weight: 400; padding-left: 1.5rem; }
.grades th[scope="row"], .scope th[scope="row"] { width: 22%; }
.findings-cell { width: 42%; }
.followed-up .findings-cell { width: 30%; }
.afi-text { display: block; font-weight: 400; }
ul.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left: 5px solid; border-radius: 4px;
  padding: .3rem .6rem; margin: .35rem 0; background: #ffffff; }
li.finding.sev-error { border-left-color: #b3261e; }
li.finding.sev-warning { border-left-color: #b07800; }
li.finding.sev-info { border-left-color: #5b8ed6; }
li.finding:not(.state-active) { background: #f7f7f7; border-left-style: dashed; }
li.finding p { margin: .2rem 0; }
.rule-id { font-weight: 700; }
.rule-name, .where, figcaption { color: var(--muted); }
.where, .quote figcaption { font-size: .9em; }
dl.values { display: grid; grid-template-columns: max-content 1fr; gap: 0 .6rem; margin: .2rem 0; }
dl.values dt { color: var(--muted); }
dl.values dd { margin: 0; overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem;
  margin: .25rem 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
figure.quote { margin: .3rem 0; }
blockquote { margin: 0; padding: .25rem .75rem; border-left: 3px solid #767676;
  background: #fafafa; }
mark { background: #ffe066; color: #1a1a1a; padding: 0 .1em; }
.suppression { border-left: 3px solid #767676; padding-left: .5rem; }
details.docs summary, details.report-body > summary { cursor: pointer; color: var(--link); }
details.report-body { margin: .5rem 0 1rem; }
details.docs { margin-top: .2rem; }
.report-clean { color: #14532d; }
.report-findings { margin: .5rem 0; }
.overview th, .overview td { font-size: .85em; padding: .2rem .35rem; }
.overview .group-head th { background: #e3e7ee; font-size: 1em; }
.overview th, .overview td { overflow-wrap: normal; }
#overview-grid .q { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
#overview-grid.flat .q { position: static; width: auto; height: auto; margin: 0;
  overflow: visible; clip: auto; white-space: normal; display: block; color: var(--muted);
  font-size: .9em; }
.count { text-align: right; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; }
figure.chart { margin: 0; }
figure.chart figcaption { font-size: .9em; max-width: 300px; color: var(--text); }
svg.distribution { max-width: 100%; height: auto; }
svg.distribution text { font: 11px system-ui, sans-serif; fill: #1a1a1a; }
svg.distribution .bar.band-0 { fill: #b3261e; }
svg.distribution .bar.band-1 { fill: #b45309; }
svg.distribution .bar.band-2 { fill: #8a7a00; }
svg.distribution .bar.band-3 { fill: #2e7d32; }
svg.distribution .bar.band-4 { fill: #1d4ed8; }
svg.distribution .bar.other, svg.distribution .bar.none { fill: #6b7280; }
nav.reports ul { columns: 18rem; padding-left: 1.2rem; }
#rule-docs .doc-part h4 { margin: .4rem 0 0; font-size: .95em; }
#rule-docs .doc-part p { margin: 0 0 .3rem; }
@media (max-width: 48rem) {
  body { font-size: 14px; }
  header.page, main { padding: 0 .5rem; }
  .filters { position: static; }
  section[id], tr[id] { scroll-margin-top: .5rem; }
  .table-wrap { overflow-x: auto; }
  th, td { padding: .25rem .3rem; }
  .grades th[scope="row"], .scope th[scope="row"], .findings-cell { width: auto; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin-bottom: .25rem; }
}
@media print {
  body { font-size: 10pt; }
  .filters, .sort-controls, .js-only, details.docs { display: none !important; }
  details.report-body::details-content { content-visibility: visible; display: block; }
  li.finding[hidden] { display: block !important; }
  .table-wrap { overflow: visible; }
  h2 { break-before: auto; break-after: avoid; }
  tr, li.finding, figure, .doc-part { break-inside: avoid; }
  a { color: inherit; }
  #summary, li.finding, .grade, .severity, .badge { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var doc = document;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  each(doc.querySelectorAll(".js-only"), function (el) { el.hidden = false; });

  var severity = doc.getElementById("filter-severity");
  var rule = doc.getElementById("filter-rule");
  var count = doc.getElementById("filter-count");
  var findings = doc.querySelectorAll("li.finding");
  function filter() {
    var s = severity.value, r = rule.value, shown = 0;
    each(findings, function (li) {
      var ok = (s === "all" || li.getAttribute("data-severity") === s) &&
        (r === "all" || li.getAttribute("data-rule") === r);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + findings.length +
      (findings.length === 1 ? " finding" : " findings") + " shown";
  }
  if (severity && rule && count) {
    severity.addEventListener("change", filter);
    rule.addEventListener("change", filter);
    filter();
  }

  var grid = doc.getElementById("overview-grid");
  var buttons = doc.querySelectorAll("button[data-sort]");
  function number(row, name) { return parseInt(row.getAttribute(name), 10) || 0; }
  function text(row, name) { return row.getAttribute(name) || ""; }
  function sortBy(key) {
    var groups = {}, flat = null;
    each(grid.tBodies, function (body) {
      if (body.classList.contains("flat")) { flat = body; }
      else { groups[body.getAttribute("data-group")] = body; }
    });
    var rows = Array.prototype.slice.call(grid.querySelectorAll("tr[data-force]"));
    rows.sort(function (a, b) {
      var d = 0;
      if (key === "findings") { d = number(b, "data-findings") - number(a, "data-findings"); }
      if (!d && key !== "scheme") {
        d = text(a, "data-force") < text(b, "data-force") ? -1 :
          text(a, "data-force") > text(b, "data-force") ? 1 : 0;
      }
      return d || number(a, "data-order") - number(b, "data-order");
    });
    var grouped = key === "scheme";
    each(rows, function (row) {
      (grouped ? groups[row.getAttribute("data-group")] : flat).appendChild(row);
    });
    each(grid.tBodies, function (body) {
      body.hidden = body.classList.contains("flat") ? grouped : !grouped;
    });
    grid.classList.toggle("flat", !grouped);
    each(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-sort") === key));
    });
  }
  // A link to a row of a folded report unfolds it.
  function unfold() {
    var target = location.hash && doc.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = target && target.closest ? target.closest("details") : null;
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", unfold);
  unfold();

  // On paper every report's tables show (the rules' docs are printed at the end).
  var folded = [];
  window.addEventListener("beforeprint", function () {
    each(doc.querySelectorAll("details.report-body:not([open])"), function (details) {
      details.open = true;
      folded.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    each(folded, function (details) { details.open = false; });
    folded = [];
  });

  if (grid) {
    each(buttons, function (button) {
      button.addEventListener("click", function () { sortBy(button.getAttribute("data-sort")); });
    });
  }
})();
"""
