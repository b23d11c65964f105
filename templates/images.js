// An image that fails to load (a card's thumbnail, a picture in an article) collapses instead of
// leaving a broken-image box. The pages' Content-Security-Policy allows no inline handler
// (script-src 'self'), so this file listens for the error events itself. It is loaded without
// defer, in <head>, so the listener is in place before the first image can fail; error events do
// not bubble, hence the capture phase.
(function () {
  'use strict';
  document.addEventListener('error', function (event) {
    var image = event.target;
    if (!image || image.tagName !== 'IMG') return;
    var box = image.parentNode && image.parentNode.classList && image.parentNode.classList.contains('thumb') ? image.parentNode : image;
    box.hidden = true;
  }, true);
})();
