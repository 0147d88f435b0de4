// "Copy" beside a read-only field (the calendar address on /events):
// <button data-copy="FIELD-ID" data-status="STATUS-ID" data-done="…"
// data-selected="…" hidden>. It copies the field with the clipboard API,
// else selects it (and tries the old copy command) so the phone's own menu
// can copy it, and says which in the status line. Without this script the
// button stays hidden and the field can still be selected by hand.
(function () {
  var buttons = document.querySelectorAll('button[data-copy]');
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById(button.getAttribute('data-status'));
    if (!field) return;
    function say(text) {
      // Emptied first, so saying "Copied" twice is announced twice.
      if (!status) return;
      status.textContent = '';
      setTimeout(function () { status.textContent = text; }, 50);
    }
    function selectField() {
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
    }
    function fallback() {
      selectField();
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      say(button.getAttribute(copied ? 'data-done' : 'data-selected'));
    }
    // One tap in the field selects all of it, for copying by hand.
    field.addEventListener('focus', selectField);
    button.addEventListener('click', function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          say(button.getAttribute('data-done'));
        }, fallback);
      } else {
        fallback();
      }
    });
    button.hidden = false;
  });
})();
