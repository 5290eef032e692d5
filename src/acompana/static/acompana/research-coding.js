/* Coding a document: turn the text selection into offsets for the coding form.
 *
 * Progressive enhancement: without this script the form asks for the passage itself (quoted
 * exactly) or its positions. With it, selecting text with the mouse, or with Shift and the
 * arrow keys once the text has the focus, fills the hidden start/end fields with UTF-16
 * offsets relative to the text container (what the browser counts in), and the server
 * converts them to Unicode code points. No framework, no inline code (strict CSP).
 */
(function () {
  "use strict";

  var text = document.getElementById("doc-text");
  var form = document.getElementById("coding-form");
  if (!text || !form) {
    return;
  }
  var startField = form.querySelector("[name=start]");
  var endField = form.querySelector("[name=end]");
  var unitField = form.querySelector("[name=offset_unit]");
  var quoteField = form.querySelector("[name=quote]");
  var preview = document.getElementById("selection-preview");
  var fallback = form.querySelector(".coding-fallback");
  var content = text.textContent;
  var caret = { anchor: null, focus: null };

  if (fallback) {
    fallback.hidden = true;
  }
  if (preview) {
    preview.hidden = false;
    preview.textContent = preview.getAttribute("data-empty") || "";
  }

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function pointAt(units) {
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var seen = 0;
    var node = walker.nextNode();
    var last = null;
    while (node) {
      var length = node.nodeValue.length;
      if (units <= seen + length) {
        return { node: node, offset: units - seen };
      }
      seen += length;
      last = node;
      node = walker.nextNode();
    }
    return last ? { node: last, offset: last.nodeValue.length } : { node: text, offset: 0 };
  }

  function clear() {
    startField.value = "";
    endField.value = "";
    if (preview) {
      preview.textContent = preview.getAttribute("data-empty") || "";
    }
  }

  function show(anchor, focus) {
    var start = Math.min(anchor, focus);
    var end = Math.max(anchor, focus);
    if (start === end) {
      clear();
      return;
    }
    startField.value = String(start);
    endField.value = String(end);
    unitField.value = "utf16";
    if (quoteField) {
      quoteField.value = "";
    }
    if (preview) {
      preview.textContent = "\u201c" + content.slice(start, end) + "\u201d";
    }
  }

  function inside(node) {
    return node !== null && (node === text || text.contains(node));
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) {
      return;
    }
    // A selection elsewhere (a click on a checkbox) keeps the passage already chosen.
    if (!inside(selection.anchorNode) || !inside(selection.focusNode)) {
      return;
    }
    caret.anchor = offsetOf(selection.anchorNode, selection.anchorOffset);
    caret.focus = offsetOf(selection.focusNode, selection.focusOffset);
    show(caret.anchor, caret.focus);
  });

  function isHigh(code) {
    return code >= 0xd800 && code <= 0xdbff;
  }
  function isLow(code) {
    return code >= 0xdc00 && code <= 0xdfff;
  }

  function step(position, forward, byWord) {
    var p = position;
    if (forward) {
      if (p >= content.length) {
        return p;
      }
      if (byWord) {
        while (p < content.length && /\s/.test(content[p])) p += 1;
        while (p < content.length && !/\s/.test(content[p])) p += 1;
        return p;
      }
      return p + (isHigh(content.charCodeAt(p)) && p + 1 < content.length ? 2 : 1);
    }
    if (p <= 0) {
      return 0;
    }
    if (byWord) {
      while (p > 0 && /\s/.test(content[p - 1])) p -= 1;
      while (p > 0 && !/\s/.test(content[p - 1])) p -= 1;
      return p;
    }
    return p - (isLow(content.charCodeAt(p - 1)) && p > 1 ? 2 : 1);
  }

  function lineStart(p) {
    var i = content.lastIndexOf("\n", p - 1);
    return i < 0 ? 0 : i + 1;
  }
  function lineEnd(p) {
    var i = content.indexOf("\n", p);
    return i < 0 ? content.length : i;
  }

  function select(anchor, focus) {
    var a = pointAt(anchor);
    var f = pointAt(focus);
    var selection = window.getSelection();
    selection.setBaseAndExtent(a.node, a.offset, f.node, f.offset);
    caret.anchor = anchor;
    caret.focus = focus;
    show(anchor, focus);
  }

  text.addEventListener("keydown", function (event) {
    var keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];
    if (keys.indexOf(event.key) < 0) {
      return;
    }
    if (caret.focus === null) {
      caret.anchor = 0;
      caret.focus = 0;
    }
    var focus = caret.focus;
    var word = event.ctrlKey || event.altKey || event.metaKey;
    if (event.key === "ArrowRight") focus = step(focus, true, word);
    else if (event.key === "ArrowLeft") focus = step(focus, false, word);
    else if (event.key === "Home") focus = lineStart(focus);
    else if (event.key === "End") focus = lineEnd(focus);
    else if (event.key === "ArrowDown") focus = Math.min(lineEnd(focus) + 1, content.length);
    else if (event.key === "ArrowUp") focus = lineStart(Math.max(lineStart(focus) - 1, 0));
    event.preventDefault();
    select(event.shiftKey ? caret.anchor : focus, focus);
  });

  form.addEventListener("submit", function (event) {
    var quoted = quoteField && quoteField.value.trim();
    if (!startField.value && !quoted) {
      event.preventDefault();
      if (preview) {
        preview.textContent = preview.getAttribute("data-missing") || "";
      }
      text.focus();
    }
  });
})();
