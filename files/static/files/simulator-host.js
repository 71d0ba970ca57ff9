// Relays a simulator's score to the Intelligent Center. The simulator (in a sandboxed frame with an
// opaque origin) calls:
//   window.parent.postMessage({type: "ic.score", score: 7, maxScore: 10, completed: true}, "*");
// Messages from any other window or origin, and malformed or out-of-range scores, are ignored and
// logged; the server checks everything again before it records an attempt.
(function () {
  "use strict";
  const frames = Array.from(document.querySelectorAll("iframe[data-ic-simulator]"));
  if (!frames.length) return;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function validScore(data) {
    if (!data || typeof data !== "object" || data.type !== "ic.score") return false;
    const { score, maxScore, completed } = data;
    if (typeof score !== "number" || typeof maxScore !== "number") return false;
    if (!Number.isFinite(score) || !Number.isFinite(maxScore)) return false;
    if (maxScore <= 0 || score < 0 || score > maxScore) return false;
    return completed === undefined || typeof completed === "boolean";
  }

  function addRow(section, attempt) {
    const body = section.querySelector("[data-ic-attempts] tbody");
    if (!body) return;
    const empty = body.querySelector("[data-ic-attempts-empty]");
    if (empty) empty.remove();
    const row = document.createElement("tr");
    const time = new Date(attempt.time).toLocaleString(document.documentElement.lang || "th");
    for (const text of [time, `${attempt.score} / ${attempt.maxScore}`, attempt.completed ? "✓" : "–"]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    body.prepend(row);
  }

  window.addEventListener("message", (event) => {
    const frame = frames.find((candidate) => candidate.contentWindow === event.source);
    if (!frame) return; // not one of our simulators: none of our business
    if (event.origin !== frame.dataset.origin) {
      console.warn("[ic] ignored a message from an unexpected origin:", event.origin);
      return;
    }
    if (!validScore(event.data)) {
      console.warn("[ic] ignored a malformed or out-of-range score message:", event.data);
      return;
    }
    const section = frame.closest(".ic-simulator");
    const status = section.querySelector("[data-ic-simulator-status]");
    const message = {
      type: "ic.score",
      score: event.data.score,
      maxScore: event.data.maxScore,
      completed: event.data.completed === true,
    };
    fetch(frame.dataset.attemptUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(message),
    })
      .then((response) => response.json().then((body) => ({ response, body })))
      .then(({ response, body }) => {
        if (response.ok) {
          status.textContent = `${frame.dataset.msgSaved} ${body.attempt.score} / ${body.attempt.maxScore}`;
          addRow(section, body.attempt);
        } else {
          status.textContent = `${frame.dataset.msgRefused} ${body.error || response.status}`;
        }
        section.dataset.icLastStatus = String(response.status);
        frame.contentWindow.postMessage({ type: "ic.score.result", recorded: response.ok }, "*");
      })
      .catch((error) => console.error("[ic] could not send the score:", error));
  });
})();
