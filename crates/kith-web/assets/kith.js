// kith's own script: the copy buttons beside drafted messages. Everything works without it;
// it only saves selecting a draft by hand.
"use strict";

function kithRevealCopyButtons() {
  document.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
    button.hidden = false;
  });
}

document.addEventListener("DOMContentLoaded", kithRevealCopyButtons);
document.addEventListener("htmx:afterSettle", kithRevealCopyButtons);

document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  event.preventDefault();
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) {
    return;
  }
  var done = function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done);
  } else {
    source.select();
    if (document.execCommand("copy")) {
      done();
    }
  }
});
