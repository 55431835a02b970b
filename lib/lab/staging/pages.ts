// The staging app's pages (lib/lab/staging/app.ts): a sign-in form and a chat whose answer arrives over a
// WebSocket as events; plus the hostile pages browser-probe tests need (docs/configuration.md "browser").
// Plain HTML with inline script: the lab is a stand-in for the customer's staging, not part of Handback's UI.

const page = (title: string, body: string, script = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}<script>${script}</script></body></html>`;

export const LOGIN_PAGE = page(
  "Sign in",
  `<h1>Sign in to staging</h1>
<form id="login"><input id="email" type="email"><input id="password" type="password"><button type="submit">Sign in</button></form>
<p id="status"></p>`,
  `document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = JSON.stringify({ email: document.getElementById("email").value, password: document.getElementById("password").value });
  const response = await fetch("/api/login", { method: "POST", headers: { "content-type": "application/json" }, body });
  if (response.ok) location.href = "/chat";
  else document.getElementById("status").textContent = "Sign-in failed (" + response.status + ")";
});`,
);

export const CHAT_PAGE = page(
  "Chat",
  `<p>Signed in</p><input id="prompt"><button id="send">Send</button><div id="answer"></div>`,
  `document.getElementById("send").addEventListener("click", () => {
  const socket = new WebSocket("ws://" + location.host + "/ws");
  socket.onopen = () => socket.send(document.getElementById("prompt").value);
  socket.onmessage = (event) => {
    const answer = document.getElementById("answer");
    answer.className = "ai-response";
    answer.textContent += JSON.parse(event.data).text;
  };
});`,
);

/** Pages that try to stop a browser probe: each must still give a result by the deadline. */
export const TRAP_PAGES: Record<string, string> = {
  alert: page("Alert", `<p>Before</p>`, `alert("blocking"); document.body.append("After the alert");`),
  popup: page("Popup", `<button id="open" onclick="window.open('/trap/popup', '_blank')">Open</button>`),
  download: page("Download", `<a id="file" href="/trap/file" download>Get</a>`),
  memory: page("Memory", `<p>Filling</p>`, `const hoard = []; setInterval(() => { for (let i = 0; i < 50; i++) hoard.push(new Array(1e6).fill(i)); }, 10);`),
  busy: page("Busy", `<p>Spinning</p>`, `setTimeout(() => { for (;;) {} }, 50);`),
};
