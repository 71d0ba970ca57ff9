// Start–stop motor with a seal-in contact, evaluated as one ladder rung:
//   Q0.0 = STOP-contact AND (START-contact OR seal-contact(Q0.0))
// The score goes to the Intelligent Center through its postMessage API (see the README).
(function () {
  "use strict";
  const MAX_SCORE = 10;
  const $ = (id) => document.getElementById(id);

  function contact(kind, input) {
    if (kind === "no") return input;
    if (kind === "nc") return !input;
    return false;
  }

  function scan(state, inputs, choice) {
    const stopOk = contact(choice.stop, inputs.stop);
    const startOk = contact(choice.start, inputs.start);
    const sealOk = contact(choice.seal, state);
    return stopOk && (startOk || sealOk);
  }

  // Each step: inputs pressed (true) or released, and what the motor must do.
  const STEPS = [
    { label: "ไม่ได้กดปุ่มใด — มอเตอร์ต้องหยุด (nothing pressed: off)", start: false, stop: false, expect: false },
    { label: "กด START — มอเตอร์ต้องทำงาน (START pressed: on)", start: true, stop: false, expect: true },
    { label: "ปล่อย START — มอเตอร์ยังทำงาน (released: stays on)", start: false, stop: false, expect: true },
    { label: "กด STOP — มอเตอร์ต้องหยุด (STOP pressed: off)", start: false, stop: true, expect: false },
    { label: "ปล่อย STOP — มอเตอร์ยังหยุด (released: stays off)", start: false, stop: false, expect: false },
  ];

  $("test").addEventListener("click", function () {
    const choice = { stop: $("stop-contact").value, start: $("start-contact").value, seal: $("seal-contact").value };
    // The STOP push button is wired as a normally-closed field contact: the PLC input is ON
    // while STOP is not pressed, so the program's contact must be NO for the circuit to run.
    let motor = false;
    let passed = 0;
    const list = $("results");
    list.replaceChildren();
    for (const step of STEPS) {
      motor = scan(motor, { start: step.start, stop: !step.stop }, choice);
      const ok = motor === step.expect;
      if (ok) passed += 1;
      const item = document.createElement("li");
      item.className = ok ? "pass" : "fail";
      item.textContent = `${ok ? "✔" : "✘"} ${step.label}`;
      list.appendChild(item);
    }
    const motorBadge = $("motor");
    motorBadge.textContent = motor ? "มอเตอร์: ทำงาน" : "มอเตอร์: หยุด";
    motorBadge.classList.toggle("on", motor);
    const score = (passed / STEPS.length) * MAX_SCORE;
    $("score").textContent = `คะแนน ${score} / ${MAX_SCORE} (score)`;
    window.parent.postMessage(
      { type: "ic.score", score: score, maxScore: MAX_SCORE, completed: passed === STEPS.length },
      "*"
    );
  });
})();
