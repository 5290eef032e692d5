/* Acompaña: small progressive enhancements shared by every page (pages work without them).
   - tables: each cell gets its column's header text as data-label, so that site.css can stack
     the rows into labelled cards on phones (label beside a simple value, above mixed content) (a table without a header row, or marked .no-stack,
     is left alone and scrolls inside itself);
   - the error summary at the top of a form takes the focus, so it is read first;
   - menus (<details>) are opened on wide screens by browsers whose CSS cannot show them closed;
   - a button or form with data-confirm asks before it submits. */
(function () {
  "use strict";

  function headerTexts(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return null;
    var row = head.rows[head.rows.length - 1];
    var texts = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var text = (cell.textContent || "").replace(/\s+/g, " ").trim();
      for (var i = 0; i < (cell.colSpan || 1); i++) texts.push(text);
    });
    return texts;
  }

  // A cell holding only text, or one element alone, shows its label beside the value; a cell
  // with mixed content (links and text, several controls) shows its label above.
  function isSimple(cell) {
    if (cell.childElementCount > 1) return false;
    if (cell.childElementCount === 0) return true;
    return Array.prototype.every.call(cell.childNodes, function (node) {
      return node.nodeType !== 3 || !node.textContent.trim();
    });
  }

  function labelTable(table) {
    if (table.classList.contains("no-stack") || table.classList.contains("stacks")) return;
    var texts = headerTexts(table);
    if (!texts) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          if (span === 1 && texts[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", texts[column]);
            if (isSimple(cell)) cell.classList.add("pair");
          }
          column += span;
        });
      });
    });
    table.classList.add("stacks");
  }

  function labelTables(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("table"), labelTable);
  }

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  function openMenusOnWideScreens() {
    if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) return;
    if (!window.matchMedia("(min-width: 60rem)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll(".site-menu, .program-menu"), function (menu) {
      menu.open = true;
    });
  }

  function confirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var button = event.submitter;
      var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) event.preventDefault();
    });
  }

  function start() {
    labelTables(document);
    focusErrorSummary();
    openMenusOnWideScreens();
    confirmations();
    // Pages that add rows later (htmx swaps) get their tables labelled too.
    document.body.addEventListener("htmx:afterSwap", function (event) { labelTables(event.target); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
