// baocao review: sorting and filtering the index; on a report page, outlining the selected row on its page.
"use strict";
(function () {
  function sortTable(table, th) {
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.dataset.type === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "vi");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setUpIndex() {
    var table = document.getElementById("reports");
    if (!table) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.addEventListener("click", function () { sortTable(table, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortTable(table, th); } });
    });
    var filter = document.getElementById("filter"), status = document.getElementById("status");
    var problems = document.getElementById("problems"), shown = document.getElementById("shown");
    function apply() {
      var words = filter.value.toLocaleLowerCase("vi").split(/\s+/).filter(Boolean), n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLocaleLowerCase("vi");
        var needs = Number(row.cells[6].dataset.sort) > 0 || Number(row.cells[7].dataset.sort) > 0 ||
          row.dataset.status !== "ok";
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          (!status.value || row.dataset.status === status.value) && (!problems.checked || needs);
        row.hidden = !keep;
        if (keep) { n += 1; }
      });
      shown.textContent = String(n);
    }
    filter.addEventListener("input", apply);
    status.addEventListener("change", apply);
    problems.addEventListener("change", apply);
  }

  function outline(row, scroll) {
    document.querySelectorAll(".box").forEach(function (box) { box.hidden = true; });
    document.querySelectorAll(".ln.hit").forEach(function (ln) { ln.classList.remove("hit"); });
    var target = null;
    if (row.dataset.bbox && row.dataset.page) {
      var page = document.querySelector('.page[data-page="' + row.dataset.page + '"]');
      if (page) {
        var b = row.dataset.bbox.split(",").map(Number), w = Number(page.dataset.w), h = Number(page.dataset.h);
        var box = page.querySelector(".box");
        box.style.left = (100 * b[0] / w) + "%";
        box.style.top = (100 * b[1] / h) + "%";
        box.style.width = (100 * (b[2] - b[0]) / w) + "%";
        box.style.height = (100 * (b[3] - b[1]) / h) + "%";
        box.hidden = false;
        target = box;
      }
    } else if (row.dataset.line) {
      for (var k = Number(row.dataset.line); k < Number(row.dataset.end || row.dataset.line); k += 1) {
        var ln = document.getElementById("L" + k);
        if (ln) { ln.classList.add("hit"); target = target || ln; }
      }
      if (!target) {
        target = document.getElementById("L" + row.dataset.line);
        if (target) { target.classList.add("hit"); }
      }
    }
    if (!target && row.dataset.page) {  // a row without a box: its page at least
      target = document.querySelector('.page[data-page="' + row.dataset.page + '"]');
    }
    if (scroll && target) { target.scrollIntoView({block: "center", behavior: "auto"}); }
  }

  function setUpReport() {
    var table = document.getElementById("rows");
    if (!table) { return; }
    var selected = null;
    function select(row) {
      if (selected) { selected.classList.remove("selected"); }
      selected = row;
      row.classList.add("selected");
      outline(row, true);
    }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      row.addEventListener("mouseenter", function () { outline(row, false); });
      row.addEventListener("mouseleave", function () { if (selected) { outline(selected, false); } });
      row.addEventListener("click", function () { select(row); });
      row.addEventListener("keydown", function (e) {
        var next = e.key === "ArrowDown" ? row.nextElementSibling : e.key === "ArrowUp" ? row.previousElementSibling : null;
        if (e.key === "Enter") { select(row); }
        if (next) { e.preventDefault(); next.focus(); select(next); }
      });
    });
    document.querySelectorAll(".snippet").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var ln = document.getElementById("L" + a.dataset.line);
        if (ln) { e.preventDefault(); document.querySelectorAll(".ln.hit").forEach(function (x) { x.classList.remove("hit"); });
          ln.classList.add("hit"); ln.scrollIntoView({block: "center"}); }
      });
    });
  }

  setUpIndex();
  setUpReport();
}());
