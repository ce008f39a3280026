// The public form's one-time nonce (anonymity/nonce.py). On Back a browser that fetches the
// page again restores the fields whose value differs from the one the page was sent with —
// the words — so the nonce, left as sent, would come back fresh and let the same words
// through twice. On 提交 the field's sent value is cleared and its value kept: it now
// differs, and the browser restores it with the words. (Submit handlers run before the
// form's data is read, so the nonce is posted as before.) Without JavaScript the form
// works as ever; only this guard against Back is lost.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var nonce = event.target.querySelector("input[name=nonce]");
    if (nonce) {
      var value = nonce.value;
      nonce.defaultValue = "";
      nonce.value = value;
    }
  });
})();
