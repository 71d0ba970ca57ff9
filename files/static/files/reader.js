// The in-browser PDF reader: pdf.js (pdfjs-dist from npm, served as our own static files) renders one
// page at a time on a canvas, with pdf.js's text layer on top so Thai text can be selected and copied.
// No inline script: the page's CSP is script-src 'self'.
const root = document.querySelector("[data-pdf-reader]");

async function startReader(root) {
  const section = root.closest(".ic-reader");
  const status = section.querySelector("[data-reader-status]");
  const input = section.querySelector("[data-reader-page]");
  const count = section.querySelector("[data-reader-count]");
  const canvas = root.querySelector("[data-reader-canvas]");
  const textLayerDiv = root.querySelector("[data-reader-text]");
  const sheet = root.querySelector("[data-reader-sheet]");
  const pdfjs = await import(root.dataset.lib);
  pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
  const pdf = await pdfjs.getDocument({
    url: root.dataset.src,
    isEvalSupported: false,
    cMapUrl: root.dataset.cmaps,
    cMapPacked: true,
    standardFontDataUrl: root.dataset.fonts,
    withCredentials: true,
  }).promise;
  count.textContent = String(pdf.numPages);
  input.max = String(pdf.numPages);
  let current = 0;
  let textLayer = null;
  let rendering = Promise.resolve();

  async function show(number) {
    number = Math.min(Math.max(1, number || 1), pdf.numPages);
    current = number;
    input.value = String(number);
    const page = await pdf.getPage(number);
    const available = Math.max(320, root.clientWidth - 2);
    const unscaled = page.getViewport({ scale: 1 });
    const scale = Math.min(2, available / unscaled.width);
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    sheet.style.width = `${Math.floor(viewport.width)}px`;
    sheet.style.height = `${Math.floor(viewport.height)}px`;
    sheet.style.setProperty("--scale-factor", String(scale));
    const context = canvas.getContext("2d");
    await page.render({
      canvasContext: context,
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
    }).promise;
    if (textLayer) textLayer.cancel();
    textLayerDiv.replaceChildren();
    textLayer = new pdfjs.TextLayer({
      textContentSource: page.streamTextContent(),
      container: textLayerDiv,
      viewport,
    });
    await textLayer.render();
    const url = new URL(window.location.href);
    url.searchParams.set("p", String(number));
    window.history.replaceState(null, "", url);
    section.dataset.readerPage = String(number);
    status.textContent = "";
  }

  function go(number) {
    rendering = rendering.then(() => show(number)).catch((error) => {
      status.textContent = root.dataset.error;
      console.error(error);
    });
    return rendering;
  }

  section.querySelector("[data-reader-prev]").addEventListener("click", () => go(current - 1));
  section.querySelector("[data-reader-next]").addEventListener("click", () => go(current + 1));
  input.addEventListener("change", () => go(parseInt(input.value, 10)));
  section.addEventListener("keydown", (event) => {
    if (event.target === input) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") go(current + 1);
    if (event.key === "ArrowLeft" || event.key === "PageUp") go(current - 1);
  });
  await go(parseInt(root.dataset.start, 10));
  section.dataset.readerReady = "true";
}

if (root) {
  startReader(root).catch((error) => {
    const status = root.closest(".ic-reader").querySelector("[data-reader-status]");
    status.textContent = root.dataset.error;
    console.error(error);
  });
}
