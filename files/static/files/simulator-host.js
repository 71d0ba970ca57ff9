// Relays a simulator's score to the Intelligent Center. The simulator (in a sandboxed frame with an
// opaque origin) calls:
//   window.parent.postMessage({type: "ic.score", score: 7, maxScore: 10, completed: true}, "*");
// (optionally with `events: [...]`, kept as reported). Messages from any other window or origin,
// and malformed or out-of-range scores, are ignored and logged; the server checks everything again.
// The score is sent with the attempt token this page was rendered with, never with a cookie (inside
// an LMS frame the browser may refuse our cookies); each answer brings the token of the next attempt.
// The student is always told, in Thai and English, whether the score was saved and what to do if not.
(function () {
  "use strict";
  const frames = Array.from(document.querySelectorAll("iframe[data-ic-simulator]"));
  if (!frames.length) return;

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

  function show(section, state, lines) {
    const status = section.querySelector("[data-ic-simulator-status]");
    status.replaceChildren();
    for (const line of lines.filter(Boolean)) {
      const paragraph = document.createElement("span");
      paragraph.textContent = line;
      status.appendChild(paragraph);
    }
    status.dataset.icState = state;
    section.dataset.icScoreState = state;
  }

  function fill(template, score, maxScore) {
    return template.replaceAll("{score}", String(score)).replaceAll("{max}", String(maxScore));
  }

  async function readBody(response) {
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) return null; // an HTML 403/429/500 page
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  async function send(frame, message) {
    const section = frame.closest(".ic-simulator");
    const data = frame.dataset;
    const unsaved = (reason) => {
      show(section, "unsaved", [fill(data.msgUnsaved, message.score, message.maxScore), reason, data.msgAdvice]);
      frame.contentWindow.postMessage({ type: "ic.score.result", recorded: false }, "*");
    };
    if (!data.attemptToken) {
      unsaved(data.msgSignIn);
      return;
    }
    show(section, "sending", [data.msgSending]);
    let response;
    try {
      response = await fetch(data.attemptUrl, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...message, token: data.attemptToken }),
      });
    } catch (error) {
      console.warn("[ic] could not send the score:", error);
      unsaved(data.msgNetwork);
      return;
    }
    const body = await readBody(response);
    section.dataset.icLastStatus = String(response.status);
    if (response.ok && body && body.ok) {
      data.attemptToken = body.nextToken || "";
      show(section, "saved", [fill(data.msgSaved, body.attempt.score, body.attempt.maxScore)]);
      addRow(section, body.attempt);
      frame.contentWindow.postMessage({ type: "ic.score.result", recorded: true }, "*");
    } else {
      const reason = body && body.error ? body.error : `HTTP ${response.status}`;
      if (response.status === 429) unsaved(`${data.msgTooMany} (${reason})`);
      else unsaved(reason);
    }
  }

  let queue = Promise.resolve(); // one score at a time: each needs the token the last one returned
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
    let message;
    try {
      message = JSON.parse(JSON.stringify(event.data)); // the raw message, kept by the server
    } catch (error) {
      message = { type: "ic.score", score: event.data.score, maxScore: event.data.maxScore };
    }
    message.completed = event.data.completed === true;
    queue = queue.then(() => send(frame, message));
  });
})();
