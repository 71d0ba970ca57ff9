// "Continue reading": tell the server which page (PDF) the reader shows. The reader keeps it in
// the section's data-reader-page attribute; we watch that instead of changing the reader.
const tracker = document.querySelector("[data-reading-tracker]");
const section = document.querySelector(".ic-reader");
if (tracker && section) {
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  let last = "";
  let timer = 0;
  const send = () => {
    const number = section.dataset.readerPage;
    if (!number || number === last) return;
    last = number;
    const body = new URLSearchParams({ page: tracker.dataset.page, number });
    fetch(tracker.dataset.url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": decodeURIComponent(csrf) },
    }).catch(() => {});
  };
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(send, 800);
  }).observe(section, { attributes: true, attributeFilter: ["data-reader-page"] });
}
