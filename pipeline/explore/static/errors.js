// Loaded before the page's modules: an uncaught error or rejected promise is kept in
// window.pageErrors (the browser tests read it) and shown in the status bar, not lost.
window.pageErrors = [];
function reportPageError(text) {
  window.pageErrors.push(text);
  const status = document.getElementById('status');
  if (status) { status.textContent = 'page error: ' + text; status.classList.add('bad'); }
}
window.addEventListener('error', (event) => reportPageError(String(event.message || event.error)));
window.addEventListener('unhandledrejection', (event) => reportPageError(String(event.reason && event.reason.message || event.reason)));
